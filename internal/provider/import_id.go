package provider

import (
	"fmt"
	"strings"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// parseImportID splits an import ID of the form "<a>/<b>" into its decimal
// parts, one per name. With optional, the trailing parts may be left out.
func parseImportID(id string, names []string, optional int) ([]string, error) {
	form := "<" + strings.Join(names, ">/<") + ">"
	parts := strings.Split(id, "/")
	if len(parts) > len(names) || len(parts) < len(names)-optional {
		return nil, fmt.Errorf("the import ID must have the form %s, with decimal Graph IDs; got %q", form, id)
	}
	for i, p := range parts {
		if !graphapi.ValidID(p) {
			return nil, fmt.Errorf("the import ID must have the form %s; %s %q is not a Graph ID of 1 to 32 decimal digits", form, names[i], p)
		}
	}
	return parts, nil
}
