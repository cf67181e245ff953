// Side-effect CSS imports (tldraw's stylesheet, our globals) are handled by Next.
declare module '*.css';
