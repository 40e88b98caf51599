import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "src/bindings/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Markup from strings is how a hostile name becomes a script: text only.
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Show names and notes as text, never markup." },
        { property: "outerHTML", message: "Show names and notes as text, never markup." },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: "Text only." },
      ],
    },
  },
);
