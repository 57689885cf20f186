import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypeScript,
  {
    ignores: [".next/**", "lib/generated/**", ".synclane/**", "node_modules/**", "test-results/**", "playwright-report/**", "bench-results/**", "next-env.d.ts"],
  },
];

export default config;
