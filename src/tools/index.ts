import type { ToolDefinition, ToolRegistry } from '../tools.ts';

/** Every EP data tool, by name. */
export const epTools: ToolRegistry = new Map<string, ToolDefinition<any, any>>([]);
