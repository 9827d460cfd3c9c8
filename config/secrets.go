package config

import (
	"fmt"
	"os"
	"strings"
)

// Redaction replaces every secret when a config is printed.
const Redaction = "********"

// readSecrets loads password_file contents into password. When both are set
// nothing is read: Validate reports the conflict.
func (c *Config) readSecrets() []string {
	var problems []string
	if p := readPasswordFile("imap", &c.IMAP.Password, c.IMAP.PasswordFile, &c.IMAP.passwordRead); p != "" {
		problems = append(problems, p)
	}
	if p := readPasswordFile("smtp", &c.SMTP.Password, c.SMTP.PasswordFile, &c.SMTP.passwordRead); p != "" {
		problems = append(problems, p)
	}
	if p := readSecretFile("oauth2.client_secret_file", &c.OAuth2.ClientSecret, c.OAuth2.ClientSecretFile, &c.OAuth2.secretRead); p != "" {
		problems = append(problems, p)
	}
	return problems
}

func readPasswordFile(section string, password *string, file string, read *bool) string {
	return readSecretFile(section+".password_file", password, file, read)
}

func readSecretFile(key string, password *string, file string, read *bool) string {
	if file == "" || *password != "" {
		return ""
	}
	data, err := os.ReadFile(file)
	if err != nil {
		// The error text holds the path and the reason, never the content.
		return fmt.Sprintf("%s: %v", key, err)
	}
	s := string(data)
	// Exactly one trailing newline is dropped: `echo secret > file` adds
	// one, and anything else may be part of the password.
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	if s == "" {
		return fmt.Sprintf("%s: %s is empty", key, file)
	}
	*password = s
	*read = true
	return ""
}
