//! Reading manifests: files, directories, stdin; multi-document YAML or JSON (issue 4).
