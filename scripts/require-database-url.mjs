// `npm run test:pg` runs the integration tier against the PostgreSQL server at DATABASE_URL.
if (!process.env.DATABASE_URL) {
  console.error('test:pg needs DATABASE_URL=postgres://user:password@host:5432/postgres (a role that may create databases).');
  process.exit(2);
}
