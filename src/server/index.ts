export type { RunningServer, ServerOptions } from './server.js';
export { startServer } from './server.js';
export type { Route, RouteContext, RouteHandler, RouteMatch } from './router.js';
export { matchRoute } from './router.js';
export { createStaticHandler } from './static-files.js';
export { contentTypeFor } from './content-type.js';
