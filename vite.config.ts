import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // The server finds the sign-in and account-forms scripts (small entries, no React) by this manifest.
    manifest: true,
    rollupOptions: {
      // The signed-in app, and the small scripts of the server-rendered sign-in and account pages (docs/decisions/0027).
      input: {
        app: fileURLToPath(new URL('src/web/index.html', import.meta.url)),
        'sign-in': fileURLToPath(new URL('src/web/sign-in.ts', import.meta.url)),
        'account-forms': fileURLToPath(new URL('src/web/account-forms.ts', import.meta.url)),
      },
      output: {
        // React and the router in one long-lived chunk; everything else (Ant Design's parts,
        // the news editor's TipTap/ProseMirror) goes where it is used, so a section's code and
        // the components only it uses load when it is opened (React.lazy in app.tsx).
        manualChunks(id: string) {
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//u.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    // The server renders the public pages (docs/decisions/0027); Vite serves the sign-in and account-forms scripts' sources.
    proxy: { '/api': 'http://localhost:3000', '/verify': 'http://localhost:3000', '/login': 'http://localhost:3000', '/cong-khai': 'http://localhost:3000', '/chuong-trinh': 'http://localhost:3000', '/ket-nghia': 'http://localhost:3000', '/tin-tuc': 'http://localhost:3000', '/forgot-password': 'http://localhost:3000', '/invite/': 'http://localhost:3000', '/reset/': 'http://localhost:3000', '/unsubscribe/': 'http://localhost:3000', '^/(\\?.*)?$': 'http://localhost:3000' },
  },
});
