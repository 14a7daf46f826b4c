// The CPU engine's relaxed-SIMD build of llama.cpp's wasm: wxt.config.ts writes it and resolves
// this name to it (in unit tests, where there is no such alias, it resolves to wllama's own wasm).
declare module '@wllama/wllama/esm/wasm/wllama.wasm?relaxed&url' {
  const url: string;
  export default url;
}
