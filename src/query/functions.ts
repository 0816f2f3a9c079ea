// Placeholder until the function catalogue lands (helper branch query-functions).
export const ENGINE_MACROS: readonly string[] = [];
export function isAllowedFunction(_name: string): boolean {
  return true;
}
export function closestFunction(_name: string): string | undefined {
  return undefined;
}
