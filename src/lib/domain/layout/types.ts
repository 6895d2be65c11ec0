/**
 * Layout model of the service map. Coordinates are CSS pixels, absolute (groups included),
 * boxes by their top-left corner. Edge routes are flat polylines `[x0, y0, x1, y1, …]`.
 */

export interface LayoutNode {
	id: string;
	widthPx: number;
	heightPx: number;
	/** Expanded group box the node sits in. */
	groupId?: string;
}

export interface LayoutEdge {
	id: string;
	from: string;
	to: string;
}

export interface LayoutGroup {
	id: string;
}

export interface LayoutGraph {
	nodes: LayoutNode[];
	edges: LayoutEdge[];
	groups?: LayoutGroup[];
}

export interface Box {
	xPx: number;
	yPx: number;
	widthPx: number;
	heightPx: number;
}

export interface Layout {
	nodes: Record<string, Box>;
	edges: Record<string, number[]>;
	groups: Record<string, Box>;
	widthPx: number;
	heightPx: number;
	/** Nodes placed by the incremental rule since the last ELK layout (absent or 0 after one). */
	incrementalPlacements?: number;
}

/** User-pinned top-left positions (persisted by the app). */
export type Pins = Record<string, { xPx: number; yPx: number }>;

/** The minimal ELK shapes this module reads and writes (elkjs's JSON graph format). */
export interface ElkNodeJson {
	id: string;
	x?: number;
	y?: number;
	width?: number;
	height?: number;
	layoutOptions?: Record<string, string>;
	children?: ElkNodeJson[];
	edges?: ElkEdgeJson[];
}

export interface ElkEdgeJson {
	id: string;
	sources: string[];
	targets: string[];
	container?: string;
	sections?: {
		startPoint: { x: number; y: number };
		endPoint: { x: number; y: number };
		bendPoints?: { x: number; y: number }[];
	}[];
}

/** What the layout needs of ELK: `new ELK()` from elkjs satisfies it. Injected so this module stays pure. */
export interface ElkEngine {
	layout(graph: ElkNodeJson, args?: { layoutOptions?: Record<string, string> }): Promise<ElkNodeJson>;
}
