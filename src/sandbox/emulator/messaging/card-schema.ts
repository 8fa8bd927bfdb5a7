/**
 * The JSON 2.0 card schema the emulator checks against, one declarative spec per component, taken
 * from the reference pages (card-v2-structure.md, card-v2-header.md and card-v2-<component>.md).
 * 2.0 refuses properties it does not know on every component (card-v2-release-notes.md), so each
 * spec lists every property its page documents, not only the ones the bot uses.
 */

/** How one property's value is checked. */
export type Rule =
  | { t: "string"; oneOf?: readonly string[]; pattern?: RegExp; expected?: string }
  | { t: "boolean"; only?: boolean; why?: string }
  | { t: "number"; integer?: boolean; min?: number; max?: number; oneOf?: readonly number[] }
  | { t: "object"; spec: ObjectSpec }
  | { t: "list"; of: Rule }
  /** An object whose keys are the developer's (locales, custom style names). */
  | { t: "map"; of: Rule }
  /** The developer's own data (chart specs, table rows, callback values): only its shape is checked. */
  | { t: "data"; shape?: "object" | "objectList"; error?: { code: number; msg: string } }
  /** A list of components, walked as card elements; `tags` restricts which ones. */
  | { t: "elements"; tags?: readonly string[]; wrongTag?: string }
  /** An object whose spec depends on its `key` property (behaviors by `type`). */
  | { t: "union"; key: string; specs: Readonly<Record<string, ObjectSpec>> };

export interface ObjectSpec {
  props: Readonly<Record<string, Rule>>;
  required?: readonly string[];
  /** Each group needs at least one of its properties (e.g. content or i18n_content). */
  anyOf?: readonly (readonly string[])[];
}

export interface ComponentSpec extends ObjectSpec {
  /** Counts towards the nesting limit (card-v2-column-set.md: containers nest at most five levels). */
  container?: boolean;
  /** Only directly in card.body.elements (card-v2-table.md). */
  topLevelOnly?: boolean;
  /** Containers it may not be placed in, at any depth. */
  notInside?: readonly string[];
  /** Properties accepted only when the component sits in a form (card-v2-button.md). */
  formOnly?: readonly string[];
  /** Never a body element of its own: only where a parent's `elements` rule names it (column). */
  nestedOnly?: boolean;
  /** Rules across properties, once each property passed its own: the problem and the property it is at. */
  check?: (element: Readonly<Record<string, unknown>>) => { at: string; problem: string } | undefined;
}

// ---- rule helpers: keep the specs below short and readable ----
const str = (oneOf?: readonly string[], pattern?: RegExp, expected?: string): Rule => ({
  t: "string",
  ...(oneOf ? { oneOf } : {}),
  ...(pattern ? { pattern } : {}),
  ...(expected ? { expected } : {}),
});
const bool: Rule = { t: "boolean" };
const int = (min?: number, max?: number): Rule => ({
  t: "number",
  integer: true,
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
const obj = (props: Record<string, Rule>, required?: string[], anyOf?: string[][]): Rule => ({
  t: "object",
  spec: { props, ...(required ? { required } : {}), ...(anyOf ? { anyOf } : {}) },
});
const list = (of: Rule): Rule => ({ t: "list", of });
const map = (of: Rule): Rule => ({ t: "map", of });
const elements = (tags?: string[], wrongTag?: string): Rule => ({
  t: "elements",
  ...(tags ? { tags } : {}),
  ...(wrongTag ? { wrongTag } : {}),
});

// ---- shared values ----
const ALIGN = ["left", "center", "right"];
const VERTICAL_ALIGN = ["top", "center", "bottom"];
const DIRECTION = ["vertical", "horizontal"];
const SIZES = ["extra_small", "small", "medium", "large"];
const PX = /^-?\d+px$/;
/** "small" | "medium" | "large" | "extra_large" | "[0,99]px" (card-v2-structure.md, containers). */
const spacing = str(["small", "medium", "large", "extra_large"], PX, "small|medium|large|extra_large|<n>px");
/** Margins and paddings: one to four lengths ("4px 0"). */
const box = str(undefined, /^-?\d+(px)?( -?\d+(px)?){0,3}$/, "one to four lengths, e.g. 4px 0");
/** card-v2-structure.md: letters, digits and underscores, starting with a letter, at most 20. */
const elementId = str(undefined, /^[A-Za-z][A-Za-z0-9_]{0,19}$/, "a letter then letters, digits or _, at most 20");
const i18nText = map(str());
/** card-v2-header.md, header template colours. */
export const HEADER_TEMPLATES = [
  "blue", "wathet", "turquoise", "green", "yellow", "orange", "red",
  "carmine", "violet", "purple", "indigo", "grey", "default",
] as const;
/** card-v2-header.md, text_tag colours. */
const TAG_COLORS = [
  "neutral", "blue", "turquoise", "lime", "orange", "violet", "indigo",
  "wathet", "green", "yellow", "red", "purple", "carmine",
];
/** card-v2-table.md, column data_type. */
export const TABLE_DATA_TYPES = ["text", "lark_md", "options", "number", "persons", "date", "markdown"] as const;
/** card-v2-header.md, i18n_text_tag_list languages (also the languages config.locales names). */
const LOCALES = [
  "zh_cn", "en_us", "ja_jp", "zh_hk", "zh_tw", "id_id", "vi_vn", "th_th",
  "pt_br", "es_es", "ko_kr", "de_de", "fr_fr", "it_it", "ru_ru", "ms_my",
];

const icon = obj({ tag: str(["standard_icon", "custom_icon"]), token: str(), color: str(), img_key: str(), i18n_img_key: map(str()) });
/**
 * A text object (plain_text / lark_md). `text_size` is not an enum here: the pages say any other
 * value falls back to "normal" rather than failing.
 */
const text = (tags: string[], extra: Record<string, Rule> = {}): Rule =>
  obj(
    {
      tag: str(tags),
      element_id: elementId,
      content: str(),
      i18n_content: i18nText,
      text_size: str(),
      text_color: str(),
      text_align: str(ALIGN),
      lines: int(1),
      ...extra,
    },
    ["tag"],
    [["content", "i18n_content", ...("i18n" in extra ? ["i18n"] : [])]],
  );
/** Button texts, hover tips, confirm dialogs: plain_text with content only (card-v2-button.md). */
const plainText = obj({ tag: str(["plain_text"]), content: str(), i18n_content: i18nText }, ["tag"], [["content", "i18n_content"]]);
const confirm = obj({ title: plainText, text: plainText }, ["title", "text"]);
/** card-interaction.md: open_url and callback behaviors. */
const behaviors = list({
  t: "union",
  key: "type",
  specs: {
    callback: { props: { type: str(), value: { t: "data", shape: "object" } }, required: ["type", "value"] },
    open_url: {
      props: { type: str(), default_url: str(), android_url: str(), ios_url: str(), pc_url: str() },
      required: ["type", "default_url"],
    },
  },
});
const multiUrl = obj({ multi_url: obj({ url: str(), android_url: str(), ios_url: str(), pc_url: str() }) });
/** Every component: tag, element_id and margin (JSON 2.0 additions). */
const base = { tag: str(), element_id: elementId, margin: box };
/** Layout properties shared by body and the containers. */
const layout = {
  direction: str(DIRECTION),
  padding: box,
  horizontal_spacing: spacing,
  horizontal_align: str(ALIGN),
  vertical_spacing: spacing,
  vertical_align: str(VERTICAL_ALIGN),
};

/** Pickers' placeholders: plain_text, at most 100 characters (card-v2-date-picker.md). */
const pickerPlaceholder = obj(
  { tag: str(["plain_text"]), content: str(undefined, /^[\s\S]{0,100}$/u, "at most 100 characters"), i18n_content: i18nText },
  ["tag"],
);
/** Pickers' width: default, fill or at least 100px (card-v2-date-picker.md, card-v2-select-static.md). */
const pickerWidth = str(["default", "fill"], /^(?:[1-9]\d{3,}|[1-9]\d{2})px$/, "default|fill|<n ≥ 100>px");
/** An option's name: plain_text with its content (card-v2-select-static.md: both required). */
const optionText = obj({ tag: str(["plain_text"]), content: str(), i18n_content: i18nText }, ["tag"], [["content", "i18n_content"]]);

/** card-v2-select-static.md: option values may not repeat within a select (the client cannot tell them apart). */
function distinctOptionValues(element: Readonly<Record<string, unknown>>): { at: string; problem: string } | undefined {
  const options = Array.isArray(element["options"]) ? (element["options"] as Array<Record<string, unknown>>) : [];
  const seen = new Set<unknown>();
  for (const [i, option] of options.entries()) {
    if (seen.has(option["value"])) return { at: `options -> [${i}] -> value`, problem: `option value ${JSON.stringify(option["value"])} repeats` };
    seen.add(option["value"]);
  }
  return undefined;
}

/** A real calendar day in yyyy-MM-dd. */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** One spec per component tag. Tags in KNOWN_UNCHECKED are real components without a page here. */
export const COMPONENTS: Readonly<Record<string, ComponentSpec>> = {
  // card-v2-markdown.md
  markdown: {
    props: { ...base, text_align: str(ALIGN), text_size: str(), icon, content: str(), i18n_content: i18nText },
    required: ["tag"],
    anyOf: [["content", "i18n_content"]],
  },
  // card-v2-plain-text.md (the plain-text component's tag is div)
  div: {
    props: { ...base, width: str(["fill", "auto"], PX, "fill|auto|<n>px"), text: text(["plain_text", "lark_md"]), icon },
    required: ["tag"],
  },
  // card-v2-hr.md
  hr: { props: { ...base }, required: ["tag"] },
  // card-v2-column-set.md
  column_set: {
    container: true,
    props: {
      ...base,
      horizontal_spacing: spacing,
      horizontal_align: str(ALIGN),
      flex_mode: str(["none", "stretch", "flow", "bisect", "trisect"]),
      background_style: str(),
      action: multiUrl,
      columns: elements(["column"], "column_set holds only columns"),
    },
    required: ["tag", "columns"],
  },
  column: {
    nestedOnly: true,
    props: {
      tag: str(),
      element_id: elementId,
      background_style: str(),
      width: str(["auto", "weighted"], /^\d+px$/, "auto|weighted|<n>px"),
      weight: int(1, 5),
      ...layout,
      margin: box,
      elements: elements(),
      action: multiUrl,
    },
    required: ["tag"],
  },
  // card-v2-table.md
  table: {
    topLevelOnly: true,
    props: {
      ...base,
      page_size: int(1, 10),
      row_height: str(["low", "middle", "high", "auto"], PX, "low|middle|high|auto|<n>px"),
      row_max_height: str(undefined, PX, "<n>px"),
      header_style: obj({
        text_align: str(ALIGN),
        text_size: str(["normal", "heading"]),
        background_style: str(["grey", "none"]),
        text_color: str(["default", "grey"]),
        bold: bool,
        lines: int(1),
      }),
      freeze_first_column: bool,
      columns: list(
        obj(
          {
            name: str(undefined, /./, "a non-empty name"),
            display_name: str(),
            width: str(["auto"], /^\d+(px|%)$/, "auto|<n>px|<n>%"),
            vertical_align: str(VERTICAL_ALIGN),
            horizontal_align: str(ALIGN),
            data_type: str(TABLE_DATA_TYPES),
            format: obj({ precision: int(0, 10), symbol: str(), separator: bool }),
            date_format: str(),
          },
          ["name", "data_type"],
        ),
      ),
      rows: { t: "data", shape: "objectList", error: { code: 200914, msg: "table rows is invalid" } },
    },
    required: ["tag", "columns", "rows"],
  },
  // card-v2-chart.md
  chart: {
    // card-v2-form.md: a form holds no table, chart or form.
    notInside: ["form"],
    props: {
      ...base,
      aspect_ratio: str(["1:1", "2:1", "4:3", "16:9"]),
      color_theme: str(["brand", "rainbow", "complementary", "converse", "primary"]),
      chart_spec: { t: "data", shape: "object", error: { code: 200550, msg: "chart spec is invalid" } },
      preview: bool,
      height: str(["auto"], PX, "auto|<n>px"),
    },
    required: ["tag", "chart_spec"],
  },
  // card-v2-button.md
  button: {
    props: {
      ...base,
      type: str(["default", "primary", "danger", "text", "primary_text", "danger_text", "primary_filled", "danger_filled", "laser"]),
      size: str(["tiny", "small", "medium", "large"]),
      width: str(["default", "fill"], /^\d+px$/, "default|fill|<n>px"),
      text: plainText,
      icon,
      hover_tips: plainText,
      disabled: bool,
      disabled_tips: plainText,
      confirm,
      behaviors,
      name: str(),
      form_action_type: str(["submit", "reset"]),
    },
    formOnly: ["name", "form_action_type"],
    required: ["tag"],
    // A button in a form submits or resets it instead of carrying its own behaviors.
    anyOf: [["behaviors", "form_action_type"]],
  },
  // card-v2-person.md
  person: {
    props: { ...base, size: str(SIZES), show_avatar: bool, show_name: bool, style: str(["normal", "capsule"]), user_id: str() },
    required: ["tag", "user_id"],
  },
  // card-v2-person-list.md
  person_list: {
    props: {
      ...base,
      drop_invalid_user_id: bool,
      lines: int(1),
      show_name: bool,
      show_avatar: bool,
      size: str(SIZES),
      persons: list(obj({ id: str() }, ["id"])),
      icon,
      ud_icon: obj({ token: str(), style: obj({ color: str() }) }),
    },
    required: ["tag", "persons"],
  },
  // card-v2-collapsible-panel.md
  collapsible_panel: {
    container: true,
    props: {
      ...base,
      ...layout,
      expanded: bool,
      background_color: str(),
      header: obj({
        title: text(["plain_text", "markdown"]),
        background_color: str(),
        width: str(["fill", "auto", "auto_when_fold"]),
        vertical_align: str(VERTICAL_ALIGN),
        padding: box,
        icon: obj({ tag: str(["standard_icon", "custom_icon"]), token: str(), color: str(), img_key: str(), size: str() }),
        icon_position: str(["left", "right", "follow_text"]),
        icon_expanded_angle: { t: "number", oneOf: [-180, -90, 90, 180] },
      }),
      border: obj({ color: str(), corner_radius: str() }),
      elements: elements(),
    },
    required: ["tag", "header"],
  },
  // card-v2-interactive-container.md
  interactive_container: {
    container: true,
    props: {
      ...base,
      ...layout,
      width: str(["fill", "auto"], PX, "fill|auto|<n>px"),
      height: str(["auto"], PX, "auto|<n>px"),
      background_style: str(),
      has_border: bool,
      border_color: str(),
      corner_radius: str(),
      behaviors,
      hover_tips: plainText,
      disabled: bool,
      disabled_tips: plainText,
      confirm,
      elements: elements(),
    },
    required: ["tag", "behaviors", "elements"],
  },
  // card-v2-form.md
  form: {
    container: true,
    notInside: ["column_set", "collapsible_panel", "form", "interactive_container"],
    props: { ...base, ...layout, name: str(), elements: elements() },
    required: ["tag", "name", "elements"],
  },
  // input and overflow are not used by the bot: their pages' property lists are enforced, their
  // nested structures only by shape. select_static and date_picker are (the pickers), and are
  // checked field by field. Some "required" columns are garbled in the copies (behaviors on
  // select_static; value on date_picker, a 1.0 leftover; neither has behaviors inside a form), so
  // only tag is required of them.
  // card-v2-input.md
  input: {
    props: {
      ...base,
      name: str(),
      required: bool,
      disabled: bool,
      disabled_tips: plainText,
      placeholder: text(["plain_text"]),
      default_value: str(),
      i18n_default_value: map(str()),
      width: str(),
      behaviors,
      max_length: int(1),
      input_type: str(["text", "multiline_text", "password"]),
      show_icon: bool,
      rows: int(1),
      auto_resize: bool,
      max_rows: int(1),
      label: text(["plain_text"]),
      label_position: str(["top", "left"]),
      value: { t: "data" },
      confirm,
    },
    required: ["tag"],
  },
  // card-v2-select-static.md
  select_static: {
    props: {
      ...base,
      type: str(["default", "text"]),
      name: str(),
      required: bool,
      disabled: bool,
      initial_option: str(),
      initial_index: int(1),
      placeholder: pickerPlaceholder,
      width: pickerWidth,
      behaviors,
      options: list(obj({ text: optionText, icon, value: str() }, ["text", "value"])),
      confirm,
    },
    required: ["tag"],
    check: distinctOptionValues,
  },
  // card-v2-date-picker.md
  date_picker: {
    props: {
      ...base,
      name: str(),
      required: bool,
      disabled: bool,
      placeholder: pickerPlaceholder,
      width: pickerWidth,
      behaviors,
      initial_date: str(undefined, /^\d{4}-\d{2}-\d{2}$/, "yyyy-MM-dd"),
      value: { t: "data" },
      confirm,
    },
    required: ["tag"],
    check: (element) =>
      typeof element["initial_date"] === "string" && !isCalendarDay(element["initial_date"])
        ? { at: "initial_date", problem: `invalid initial_date ${JSON.stringify(element["initial_date"])}; expected a calendar day yyyy-MM-dd` }
        : undefined,
  },
  // card-v2-overflow.md
  overflow: {
    props: {
      ...base,
      width: str(),
      options: list({ t: "data", shape: "object" }),
      behaviors,
      confirm,
      text: text(["plain_text"]),
      multi_url: { t: "data", shape: "object" },
      value: { t: "data" },
    },
    required: ["tag", "options"],
  },
};

/**
 * Real 2.0 components with no reference page in this repository: accepted by tag so that a valid
 * card is never refused, but their properties cannot be checked.
 */
export const KNOWN_UNCHECKED = new Set([
  "img",
  "img_combination",
  "multi_select_static",
  "select_person",
  "multi_select_person",
  "picker_time",
  "picker_datetime",
  "select_img",
  "checker",
]);

/** 1.0 modules that 2.0 removed (card-v2-release-notes.md): 230099 / 200861. */
export const V1_ONLY_TAGS = new Set(["note", "action"]);

const textTag = obj({ tag: str(["text_tag"]), element_id: elementId, text: plainText, color: str(TAG_COLORS) }, ["tag"]);

/** card-v2-header.md. */
export const HEADER: ObjectSpec = {
  props: {
    title: text(["plain_text", "lark_md"], { i18n: i18nText }),
    subtitle: text(["plain_text", "lark_md"], { i18n: i18nText }),
    text_tag_list: list(textTag),
    i18n_text_tag_list: map(list(textTag)),
    template: str(HEADER_TEMPLATES),
    icon,
    padding: box,
  },
  required: ["title"],
};

/** card-v2-structure.md, `config`. */
export const CONFIG: ObjectSpec = {
  props: {
    streaming_mode: bool,
    streaming_config: { t: "data", shape: "object" },
    summary: obj({ content: str(), i18n_content: i18nText }),
    locales: list(str(LOCALES)),
    enable_forward: bool,
    // card-v2-structure.md: "JSON 2.0 only supports shared cards, update_multi may only be true".
    update_multi: { t: "boolean", only: true, why: "schema 2.0 supports only shared cards" },
    width_mode: str(["default", "compact", "fill"]),
    use_custom_translation: bool,
    enable_forward_interaction: bool,
    style: obj({
      text_size: map(obj({ default: str(), pc: str(), mobile: str() })),
      color: map(obj({ light_mode: str(), dark_mode: str() })),
    }),
  },
};

/** card-v2-structure.md, the whole card. */
export const CARD: ObjectSpec = {
  props: {
    schema: str(["2.0"]),
    config: { t: "object", spec: CONFIG },
    card_link: obj({ url: str(), android_url: str(), ios_url: str(), pc_url: str() }),
    header: { t: "object", spec: HEADER },
    body: obj({ ...layout, elements: elements() }),
  },
};
