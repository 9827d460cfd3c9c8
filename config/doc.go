// Package config owns intake's configuration: the TOML file described in
// DESIGN.md, the INTAKE_SECTION_KEY environment overrides, secrets read from
// *_file paths, the defaults, and the validation that rejects a config the
// daemon could not run safely with. Other packages receive a *Config; they
// do not read the file or the INTAKE_ variables themselves.
//
// Secrets (the passwords and any password inside database.url) never appear
// in an error message; Redacted and WriteTOML hide them for printing.
package config
