//! yaml and json output byte for byte against kubectl 1.32:
//! `kubectl label --local -f tests/fixtures/yaml_data.json z=1 -o yaml|json` (hence the
//! `z` label), on an object full of strings that need quoting, folding or blocks.

use loftctl::output::{OutputFormat, PrintOptions, ResourcePrinter};

fn render(format: &str) -> String {
    let mut data: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/yaml_data.json")).unwrap();
    data["metadata"]["labels"] = serde_json::json!({"z": "1"});
    let rp = ResourcePrinter::new(
        format.parse::<OutputFormat>().unwrap(),
        PrintOptions::default(),
    );
    let mut out = Vec::new();
    rp.print_one(&mut out, &data).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn yaml_is_byte_identical_to_kubectl() {
    let want = include_str!("../fixtures/yaml_data.kubectl.yaml");
    let got = render("yaml");
    if got != want {
        for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            assert_eq!(g, w, "first difference at line {}", i + 1);
        }
        assert_eq!(got, want);
    }
}

#[test]
fn json_is_byte_identical_to_kubectl() {
    let want = include_str!("../fixtures/yaml_data.kubectl.json");
    assert_eq!(render("json"), want);
}
