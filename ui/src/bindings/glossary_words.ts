// Generated from src/glossary.rs by src-tauri/src/bindings.rs (`UPDATE_BINDINGS=1 cargo test -p muster-app bindings`): do not edit.
// The status words, as they read inside a sentence; a heading or a cell capitalises them (`capitalised`, ui/src/i18n).
import type { Glossary } from "./Glossary";

export const GLOSSARY: { en: Glossary; ru: Glossary; kk: Glossary } = {
  "en": {
    "complete": "complete",
    "expired": "expired",
    "expiring": "expiring",
    "failed": "failed",
    "lapses": "lapses before deployment",
    "missing": "missing",
    "not_ready": "not ready",
    "not_required": "not required",
    "ready": "ready"
  },
  "kk": {
    "complete": "өтті",
    "expired": "мерзімі өткен",
    "expiring": "мерзімі бітуде",
    "failed": "тапсырмады",
    "lapses": "орналастыруға дейін бітеді",
    "missing": "жоқ",
    "not_ready": "дайын емес",
    "not_required": "талап етілмейді",
    "ready": "дайын"
  },
  "ru": {
    "complete": "пройден",
    "expired": "истёк",
    "expiring": "истекает",
    "failed": "не сдан",
    "lapses": "истекает до развёртывания",
    "missing": "нет",
    "not_ready": "не готовы",
    "not_required": "не требуется",
    "ready": "готовы"
  }
};
