/**
 * Node-only visualisation exporters (file reading and writing, headless rendering).
 * @packageDocumentation
 */
export {
  readVegaLibraries,
  dashboardHtml,
  renderSvg,
  renderPng,
  renderPdf,
  hasCanvas,
  saveDashboard,
  type DashboardHtmlOptions,
  type RenderOptions,
  type SaveDashboardOptions,
  type SavedFiles,
} from './export.js';
