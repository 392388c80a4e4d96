/** Where the Manage > Chat panel lives (contract: `/manage`). */
export const PANEL_PATH = '/manage';
