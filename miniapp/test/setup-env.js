// Build-time flags the Taro runtime and components expect webpack to define.
for (const flag of [
  'ENABLE_INNER_HTML', 'ENABLE_ADJACENT_HTML', 'ENABLE_SIZE_APIS', 'ENABLE_TEMPLATE_CONTENT',
  'ENABLE_CLONE_NODE', 'ENABLE_CONTAINS', 'ENABLE_MUTATION_OBSERVER',
]) {
  globalThis[flag] = true;
}
globalThis.DEPRECATED_ADAPTER_COMPONENT = false;
process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';
process.env.TARO_APP_API = '';
