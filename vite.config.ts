import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
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
    proxy: { '/api': 'http://localhost:3000', '/verify': 'http://localhost:3000' },
  },
});
