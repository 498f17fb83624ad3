//go:build tools

// Package tools pins the development tools (docs generator, linter) in a
// module of their own, so they never enter the provider's dependencies.
package tools

import (
	_ "github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)
