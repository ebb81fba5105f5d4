/**
 * Mermaid settings for the VS Code colour theme. VS Code marks the theme on <body>
 * (`vscode-light`, `vscode-dark`, `vscode-high-contrast`, `vscode-high-contrast-light`) and
 * exposes its colours as CSS variables. Mermaid needs real colour values (it derives shades
 * from them), so the variables are read with getComputedStyle; each has a fallback for pages
 * outside VS Code (the CLI). Mermaid's stock dark theme draws some ER parts in colours that
 * vanish on dark editors, so the entity rows, lines and text are set from the editor's colours.
 */
type MermaidConfig = import('mermaid', { with: { 'resolution-mode': 'import' } }).MermaidConfig;

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export type SensitivityLevel = 'Low' | 'Medium' | 'High' | 'CRITICAL';

export interface PreviewTheme {
  kind: ThemeKind;
  /** Changes whenever the rendered colours would: part of the "nothing changed" check. */
  key: string;
  background: string;
  mermaid: MermaidConfig;
  /** Entity header band and its text (the theme's button colours: its own accent). */
  header: { background: string; foreground: string };
  /** Sensitivity badge colour per level (the theme's chart colours), and the badge's text. */
  sensitivity: Record<SensitivityLevel, string>;
  badgeText: string;
}

export function themeKind(body: HTMLElement): ThemeKind {
  const classes = body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes.contains('vscode-dark')) return 'dark';
  return 'light';
}

const FALLBACKS: Record<ThemeKind, { background: string; foreground: string; border: string; alternate: string; accent: string }> = {
  light: { background: '#ffffff', foreground: '#1f1f1f', border: '#8a8a8a', alternate: '#f3f3f3', accent: '#005fb8' },
  dark: { background: '#1f1f1f', foreground: '#cccccc', border: '#8a8a8a', alternate: '#2b2b2b', accent: '#0078d4' },
  'high-contrast': { background: '#000000', foreground: '#ffffff', border: '#6fc3df', alternate: '#000000', accent: '#f38518' },
  'high-contrast-light': { background: '#ffffff', foreground: '#292929', border: '#0f4a85', alternate: '#ffffff', accent: '#006bbd' },
};

function cssColor(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  // Mermaid's colour library reads hex and rgb(); anything else (a var() chain, a keyword) falls back.
  return /^(#[0-9a-f]{3,8}|rgba?\([^)]*\))$/i.test(value) ? value : fallback;
}

export function readTheme(body: HTMLElement = document.body): PreviewTheme {
  const kind = themeKind(body);
  const style = getComputedStyle(body);
  const fallback = FALLBACKS[kind];
  const background = cssColor(style, '--vscode-editor-background', fallback.background);
  const foreground = cssColor(style, '--vscode-editor-foreground', fallback.foreground);
  const contrastBorder = cssColor(style, '--vscode-contrastBorder', fallback.border);
  const border = kind.startsWith('high-contrast') ? contrastBorder : cssColor(style, '--vscode-editorWidget-border', fallback.border);
  const alternate = kind.startsWith('high-contrast') ? background : cssColor(style, '--vscode-editorWidget-background', fallback.alternate);
  const fontFamily = style.getPropertyValue('--vscode-font-family').trim() || 'system-ui, -apple-system, "Segoe UI", sans-serif';

  const shared = {
    fontFamily,
    background,
    // The ER diagram's own variables: box, rows, lines, labels.
    mainBkg: background,
    primaryColor: background,
    primaryTextColor: foreground,
    primaryBorderColor: border,
    nodeBorder: border,
    lineColor: foreground,
    textColor: foreground,
    attributeBackgroundColorOdd: background,
    attributeBackgroundColorEven: alternate,
    tertiaryColor: background,
    edgeLabelBackground: background,
  };
  const base: Record<ThemeKind, MermaidConfig['theme']> = {
    light: 'default',
    dark: 'dark',
    // 'base' is the only theme whose every colour comes from themeVariables: exact contrast.
    'high-contrast': 'base',
    'high-contrast-light': 'base',
  };
  const themeVariables = { ...shared, darkMode: kind === 'dark' || kind === 'high-contrast' };
  const highContrast = kind.startsWith('high-contrast');
  // High contrast: the header is the background with a border, as VS Code draws its own buttons there.
  const header = {
    background: highContrast ? background : cssColor(style, '--vscode-button-background', fallback.accent),
    foreground: highContrast ? foreground : cssColor(style, '--vscode-button-foreground', '#ffffff'),
  };
  const sensitivity: Record<SensitivityLevel, string> = {
    Low: cssColor(style, '--vscode-charts-green', '#388a34'),
    Medium: cssColor(style, '--vscode-charts-yellow', '#bf8803'),
    High: cssColor(style, '--vscode-charts-orange', '#d18616'),
    CRITICAL: cssColor(style, '--vscode-charts-red', '#e51400'),
  };
  const badgeText = kind === 'light' || kind === 'high-contrast-light' ? '#ffffff' : '#000000';
  return {
    kind,
    background,
    key: JSON.stringify([kind, themeVariables, header, sensitivity]),
    mermaid: { theme: base[kind], themeVariables },
    header,
    sensitivity,
    badgeText,
  };
}
