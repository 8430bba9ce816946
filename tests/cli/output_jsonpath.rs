//! The jsonpath engine against what kubectl 1.32 prints for the same template and object.
//! Expectations were produced by running, for each template,
//! `kubectl label --local -f tests/fixtures/jsonpath_data.json z=1 -o jsonpath=TEMPLATE`
//! (hence the `z` label); `ERR:` rows are kubectl's error message. Templates whose output
//! depends on Go's random map order (`{..name}`, `{.metadata.*}`) are left out: loftctl
//! walks maps in sorted key order.

use loftctl::output::Template;

const CASES: &[(&str, &str)] = &[
    ("{.metadata.name}", "alpha"),
    ("{.spec.nul}", "null"),
    (
        "{.spec.big} {.spec.flt} {.spec.int} {.spec.small}",
        "1e+06 1.5 7 1e-05",
    ),
    ("{.missing}", ""),
    (
        "{.spec.list[5]}",
        "ERR:array index out of bounds: index 5, length 3",
    ),
    ("{.metadata.labels.a\\.b}", "dotted"),
    ("{.spec.list[?(@.ok==true)].name}", "a"),
    ("{.spec.list[?(@.ok)].name}", "a b"),
    ("{.spec.list[?(@.zz==\"x\")].name}", ""),
    (
        "{.spec.list[-1:]}",
        "{\"cnt\":3,\"name\":\"c\",\"tags\":[]}",
    ),
    (
        "{range .spec.list[*]}{.name}{\"\\t\"}{.cnt}{\"\\n\"}{end}",
        "a\t1\nb\t2\nc\t3\n",
    ),
    ("{..k}", "v"),
    ("{.spec.list[0:2].name}", "a b"),
    ("{.spec.list[*].cnt}", "1 2 3"),
    ("{@.kind}", "ConfigMap"),
    ("{$.kind}", "ConfigMap"),
    ("{.spec.list[?(@.cnt>=2)].name}", "b c"),
    (
        "{.spec.list[?(@.cnt>1.5)].name}",
        "ERR:incompatible types for comparison",
    ),
    ("{.spec.list[?(@.f>1.5)].name}", "b"),
    ("{.spec.list[?(@.cnt!=2)].name}", "a c"),
    ("{.spec.list[?(@.name==\"b\")].cnt}", "2"),
    ("{.spec.list[?(@.name=='b')].cnt}", "2"),
    ("{.spec.list[?(@.name<\"b\")].cnt}", "1"),
    (
        "{.spec.list[?(@.ok<true)].name}",
        "ERR:invalid type for comparison",
    ),
    ("{.spec.list[::2].name}", "a c"),
    ("{.metadata.name.foo}", ""),
    ("{.spec.list[*].name.x}", ""),
    ("{.spec.list[0,2].name}", "a c"),
    ("{range .spec.list[*]}{.name}", "abc"),
    ("{.spec.list[*].ok}", "true false"),
    (
        "{.spec.html} {.spec.list[0]}",
        "<b>& {\"cnt\":1,\"f\":1.5,\"meta\":{\"k\":\"v\"},\"name\":\"a\",\"ok\":true,\"tags\":[\"x\",\"y\"]}",
    ),
    ("{.spec.list[-1].name}", "c"),
    ("{.spec.list[1:].name}", "b c"),
    (
        "x{range .spec.list[*]}[{range .tags[*]}<{@}>{end}]{end}y",
        "x[<x><y>][][]y",
    ),
    ("{.spec.list[*].tags}", "[\"x\",\"y\"] []"),
    (
        "{.spec.list[3]}",
        "ERR:array index out of bounds: index 3, length 3",
    ),
    ("{.spec.list[2:2]}", ""),
    ("{.kind}{\"\\n\"}", "ConfigMap\n"),
    ("{'a'}", "a"),
    ("{ .kind }", "ConfigMap"),
    ("{.kind}}", "ConfigMap}"),
    ("{.spec.empty}", "[]"),
    ("{.spec.list[0].meta}", "{\"k\":\"v\"}"),
    ("{.spec.list[?(@.tags)].name}", "a c"),
    (
        "{.metadata[0]}",
        "ERR:map[string]interface {} is not array or slice",
    ),
    ("{.spec.list[?(@.cnt==@.cnt)].name}", "a b c"),
    (
        "kind={.kind} name={.metadata.name}",
        "kind=ConfigMap name=alpha",
    ),
    (
        "{range .spec.list[?(@.cnt>1)]}{.name}={.f};{end}",
        "b=2.5;c=;",
    ),
    ("{.spec.list[*]['name','cnt']}", "a b c 1 2 3"),
];

#[test]
fn jsonpath_matches_kubectl() {
    let mut data: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/jsonpath_data.json")).unwrap();
    data["metadata"]["labels"]["z"] = "1".into();
    let mut failures = Vec::new();
    for (template, want) in CASES {
        let t = Template::parse(template).unwrap_or_else(|e| panic!("{template}: {e}"));
        let got = match t.render(&data, true) {
            Ok(s) => s,
            Err(e) => format!("ERR:{e}"),
        };
        if got != *want {
            failures.push(format!("{template}\n   want {want:?}\n   got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
