package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// The report: answers reduced to their shape and the values that decide a
// question, redacted, rendered as a Markdown table.

// kept are the keys whose values decide a question; every other value is
// reduced to its type.
var kept = map[string]bool{"code": true, "error_subcode": true, "type": true, "is_transient": true, "success": true,
	"tasks": true, "status": true, "category": true, "messaging_product": true}

// shapeOf reduces a decoded answer to its keys and value types; an empty
// string or list is told apart from a filled one, and a message only says
// whether it is there.
func shapeOf(key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, e := range x {
			m[k] = shapeOf(k, e)
		}
		return m
	case []any:
		if kept[key] {
			return x
		}
		if len(x) == 0 {
			return "[] (empty)"
		}
		return []any{shapeOf("", x[0])}
	case string:
		switch {
		case kept[key]:
			return x
		case x == "":
			return `"" (empty)`
		}
		return "string"
	case float64:
		if kept[key] {
			return x
		}
		return "number"
	case bool:
		return x
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v) // maps marshal with sorted keys
	return string(b)
}

func captureProfile(s *side, answer map[string]any) {
	data, _ := answer["data"].([]any)
	if len(data) == 0 {
		return
	}
	profile, _ := data[0].(map[string]any)
	address, _ := profile["address"].(string)
	websites, _ := profile["websites"].([]any)
	s.captured["address"] = mustJSON(address)
	if websites == nil {
		websites = []any{}
	}
	s.captured["websites"] = mustJSON(websites)
}

func captureTemplate(s *side, answer map[string]any) {
	if id, ok := answer["id"].(string); ok && graphapi.IDPattern.MatchString(id) {
		s.captured["template"] = id
	}
}

// phoneOrder says how the listing orders numbers by last_onboarded_time.
func phoneOrder(status int, answer map[string]any) string {
	data, _ := answer["data"].([]any)
	var times []string
	for _, d := range data {
		m, _ := d.(map[string]any)
		t, _ := m["last_onboarded_time"].(string)
		times = append(times, t)
	}
	switch {
	case status != http.StatusOK:
		return ""
	case len(times) < 2:
		return fmt.Sprintf("%d number(s): order not observable", len(times))
	case slices.IsSorted(times):
		return "oldest onboarded first"
	case slices.IsSortedFunc(times, func(x, y string) int { return strings.Compare(y, x) }):
		return "newest onboarded first"
	}
	return "neither oldest nor newest first"
}

// userTasks reports the tasks listed for the assigned users, sorted.
func userTasks(status int, answer map[string]any) string {
	data, _ := answer["data"].([]any)
	var sets []string
	for _, d := range data {
		m, _ := d.(map[string]any)
		tasks, _ := m["tasks"].([]any)
		var names []string
		for _, t := range tasks {
			names = append(names, fmt.Sprint(t))
		}
		sort.Strings(names)
		sets = append(sets, "["+strings.Join(names, ",")+"]")
	}
	sort.Strings(sets)
	return "task sets: " + strings.Join(sets, " ")
}

// values reports a node's fields, such as a template's status.
func values(names ...string) func(int, map[string]any) string {
	return func(_ int, answer map[string]any) string {
		var parts []string
		for _, n := range names {
			if v, ok := answer[n]; ok {
				parts = append(parts, fmt.Sprintf("%s %v", n, v))
			}
		}
		return strings.Join(parts, ", ")
	}
}

// field reports whether a profile field is absent, empty or filled.
func field(name string) func(int, map[string]any) string {
	return func(_ int, answer map[string]any) string {
		data, _ := answer["data"].([]any)
		if len(data) == 0 {
			return "no profile"
		}
		m, _ := data[0].(map[string]any)
		switch v := m[name].(type) {
		case nil:
			return name + " absent"
		case string:
			if v == "" {
				return name + ` ""`
			}
		case []any:
			if len(v) == 0 {
				return name + " []"
			}
		}
		return name + " filled"
	}
}

// redactor removes the token, the secret and the account's IDs, then any
// run of ten digits or more (IDs, phone numbers) and token-like strings.
func redactor(acct account, secrets ...string) func(string) string {
	var pairs []string
	for _, s := range secrets {
		if s != "" {
			pairs = append(pairs, s, "<token>")
		}
	}
	for id, as := range map[string]string{acct.waba: "{waba}", acct.phone: "{phone}", acct.user: "{user}", acct.business: "{business}", acct.name: "{name}"} {
		if id != "" {
			pairs = append(pairs, id, as)
		}
	}
	replacer := strings.NewReplacer(pairs...)
	digits := regexp.MustCompile(`\+?\d(?: ?\d){9,}`) // 10 digits and more: codes and subcodes stay
	tokens := regexp.MustCompile(`EAA[A-Za-z0-9]+`)
	return func(s string) string {
		s = replacer.Replace(s)
		s = tokens.ReplaceAllString(s, "<token>")
		return digits.ReplaceAllString(s, "<id>")
	}
}

func render(results []result, emulated bool, at time.Time, redact func(string) string) string {
	var b bytes.Buffer
	sideA := "Meta (WHATSAPP_BASE_URL)"
	if emulated {
		sideA = "a started fakegraph (emulated run)"
	}
	differ := 0
	for _, r := range results {
		if r.differs() {
			differ++
		}
	}
	fmt.Fprintf(&b, "# Probe report\n\n%s. A is %s; B is a fresh emulator holding the live seed on the same IDs.\n", at.Format("2006-01-02 15:04 UTC"), sideA)
	fmt.Fprintf(&b, "%d probes, %d differ. Answers are reduced to their shape (keys, value types, empty or filled) and the values that decide a question (codes, tasks, statuses); tokens, phone numbers, names and IDs are redacted.\n\n", len(results), differ)
	b.WriteString("| # | Question | Request | A | B | Same |\n|---|---|---|---|---|---|\n")
	for _, r := range results {
		req := r.probe.method + " " + r.probe.path
		if r.probe.query != "" {
			req += "?" + r.probe.query
		}
		if r.skipped != "" {
			fmt.Fprintf(&b, "| %d | %s | `%s` | skipped: %s | | |\n", r.n, r.probe.question, req, r.skipped)
			continue
		}
		same := "yes"
		if r.differs() {
			same = "**no**"
		}
		fmt.Fprintf(&b, "| %d | %s | `%s` | %s | %s | %s |\n", r.n, r.probe.question, req, cell(r.a), cell(r.b), same)
	}
	if differ > 0 {
		b.WriteString("\n## Differences\n")
		for _, r := range results {
			if !r.differs() {
				continue
			}
			fmt.Fprintf(&b, "\n### %d. %s\n\nA: %d %s\n```json\n%s\n```\nB: %d %s\n```json\n%s\n```\n", r.n, r.probe.question,
				r.a.status, r.a.note+r.a.err, r.a.shape, r.b.status, r.b.note+r.b.err, r.b.shape)
		}
	}
	return redact(b.String())
}

// cell is an answer in the table: status, the finding, and the error code.
func cell(a answer) string {
	if a.err != "" {
		return a.err
	}
	parts := []string{fmt.Sprint(a.status)}
	if a.note != "" {
		parts = append(parts, a.note)
	}
	var shape map[string]any
	if json.Unmarshal([]byte(a.shape), &shape) == nil {
		if e, ok := shape["error"].(map[string]any); ok {
			subcode := "-"
			if v, ok := e["error_subcode"]; ok {
				subcode = fmt.Sprint(v)
			}
			parts = append(parts, fmt.Sprintf("code %v/%s", e["code"], subcode))
			if _, ok := e["error_user_msg"]; ok {
				parts = append(parts, "error_user_msg")
			}
		}
	}
	return strings.ReplaceAll(strings.Join(parts, ", "), "|", "\\|")
}
