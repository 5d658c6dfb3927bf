/**
 * The API reference viewer's assets (swagger-ui-dist, kept in node_modules), served from our own
 * origin so the portal's CSP (script-src 'self' + nonce) allows them with no 'unsafe-inline'. The
 * page itself is app/routes/docs.api.tsx; it starts the viewer with public/api-reference/init.js.
 */
import express, { type Router } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';

const ASSETS = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const;

function swaggerUiDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

export function referenceAssets(): Router {
  const dir = swaggerUiDir();
  const router = express.Router();
  for (const asset of ASSETS) {
    router.get(`/${asset}`, (_req, res, next) => {
      // Replaces the API's no-store: the viewer changes only with the installed package.
      res.setHeader('Cache-Control', 'public, max-age=86400');
      res.sendFile(path.join(dir, asset), (error) => {
        if (error) next(error);
      });
    });
  }
  return router;
}
