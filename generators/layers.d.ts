export interface LayerFile {
  source: string;
  target: string;
  render: boolean;
}
export function projectLayers(answers: { db: string; auth: string; framework: string }): string[];
export function resourceLayers(answers: { framework: string }): string[];
export function layerFiles(templatesDir: string, layers: readonly string[], resourceName?: string): LayerFile[];
