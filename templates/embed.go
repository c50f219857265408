// Package templates embeds the editable defaults: one document template per
// document kind and the default criteria sets. A deployment may point
// --templates at a folder with the same layout to override them.
package templates

import "embed"

// FS holds the embedded defaults.
//
//go:embed criteria/*.yaml documents/*.tmpl legal/*.yaml
var FS embed.FS
