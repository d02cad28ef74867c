// The filter and sort bar over the results: mode, price range, max MOQ, free
// shipping, dropship, factories only, sort. It checks what the buyer typed
// (lib/filters) and hands a new SearchQuery to the Search view only when the
// query really changed.
import type { SearchQuery, SortKey } from "../backend";
import { h } from "../lib/dom";
import { DEFAULT_FORM, MODES, SORTS, buildQuery, type FilterField, type FilterForm } from "../lib/filters";

/** A `<select>` of `options`, `value` chosen. */
function choice<T extends string>(options: { value: T; label: string }[], value: T, testid: string, label: string): HTMLSelectElement {
  return h(
    "select",
    { class: "picker", "data-testid": testid, "aria-label": label },
    ...options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.label)),
  );
}

/** The bar (hidden until a photo is in); `onChange` gets each new valid query. */
export function filterBar(initial: SearchQuery, onChange: (query: SearchQuery) => void): HTMLFormElement {
  let current = initial;
  const mode = choice(MODES, DEFAULT_FORM.mode, "filter-mode", "Search mode");
  const field = (testid: string, label: string, placeholder: string, inputmode: string) =>
    h("input", { type: "text", inputmode, class: "filter-num", placeholder, "aria-label": label, "data-testid": testid, autocomplete: "off" });
  const priceMin = field("filter-price-min", "Lowest price, yuan", "min", "decimal");
  const priceMax = field("filter-price-max", "Highest price, yuan", "max", "decimal");
  const moqMax = field("filter-moq", "Highest MOQ", "any", "numeric");
  const tick = (testid: string, ...label: (string | HTMLElement)[]) => {
    const box = h("input", { type: "checkbox", "data-testid": testid });
    return { box, label: h("label", { class: "filter-check" }, box, ...label) };
  };
  const free = tick("filter-free-shipping", "Free shipping");
  const dropship = tick("filter-dropship", "Dropship ", h("span", { class: "muted" }, "一件代发"));
  const factory = tick("filter-factory", "Factories only");
  const sort = choice(SORTS, DEFAULT_FORM.sort, "filter-sort", "Sort by");
  const filterError = h("p", { class: "filter-error", role: "alert", "data-testid": "filter-error" });
  const inputs: Record<FilterField, HTMLInputElement> = { priceMin, priceMax, moqMax };
  const bar = h(
    "form",
    { class: "filters", "data-testid": "filters", "aria-label": "Filters and sort", hidden: true },
    h(
      "div",
      { class: "filter-row" },
      mode,
      h("span", { class: "filter-group" }, h("span", { class: "filter-label" }, "¥"), priceMin, "–", priceMax),
      h("label", { class: "filter-group" }, h("span", { class: "filter-label" }, "MOQ ≤"), moqMax),
      free.label,
      dropship.label,
      factory.label,
      h("label", { class: "filter-group filter-sort" }, h("span", { class: "filter-label" }, "Sort"), sort),
    ),
    filterError,
  );

  const readForm = (): FilterForm => ({
    mode: mode.value as FilterForm["mode"],
    priceMin: priceMin.value,
    priceMax: priceMax.value,
    moqMax: moqMax.value,
    freeShipping: free.box.checked,
    dropshipOnly: dropship.box.checked,
    factoryOnly: factory.box.checked,
    sort: sort.value as SortKey,
  });

  /** Checks the bar; when valid and different from the query searched, searches again. */
  function applyFilters(): void {
    const built = buildQuery(readForm());
    for (const input of Object.values(inputs)) input.removeAttribute("aria-invalid");
    if (!built.ok) {
      inputs[built.field].setAttribute("aria-invalid", "true");
      filterError.textContent = built.error;
      return;
    }
    filterError.textContent = "";
    if (JSON.stringify(built.query) === JSON.stringify(current)) return;
    current = built.query;
    onChange(current);
  }
  bar.addEventListener("change", applyFilters);
  bar.addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilters();
  });
  for (const input of Object.values(inputs)) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        applyFilters();
      }
    });
  }
  return bar;
}
