// Package config owns intake's configuration: the TOML file described in
// DESIGN.md, the INTAKE_SECTION_KEY environment overrides, secrets read from
// *_file paths, the defaults, and the validation that rejects a config the
// daemon could not run safely with. Nothing else in intake reads the
// environment or the config file.
package config
