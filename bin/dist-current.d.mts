export declare const ROOT: string;
export declare function distState(root?: string): 'current' | 'missing' | 'stale';
