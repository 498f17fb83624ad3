package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// A number's conversational components: POST /{phone}/conversational_automation,
// read back through the conversational_automation field of the number.
// https://developers.facebook.com/docs/whatsapp/cloud-api/phone-numbers/conversational-components

func init() {
	handle(http.MethodPost, "/{phone}/conversational_automation", (*Server).setAutomation)
	registerKind(KindConversationalAutomation, kind{modify: func(st *state, c Change) error {
		p := st.phones[c.ID]
		if p == nil {
			return fmt.Errorf("no phone number %s", c.ID)
		}
		if p.Automation == nil {
			p.Automation = &SeedAutomation{}
		}
		return mergeFields(p.Automation, c.Fields)
	}})
}

// KindConversationalAutomation changes a number's conversational components
// out of band (Change.ID is the phone number ID).
const KindConversationalAutomation = "conversational_automation"

// SeedAutomation is a number's welcome message, ice breakers and commands.
type SeedAutomation struct {
	EnableWelcomeMessage bool          `json:"enable_welcome_message,omitempty"`
	Prompts              []string      `json:"prompts,omitempty"`
	Commands             []SeedCommand `json:"commands,omitempty"`
}

// SeedCommand is a chat command.
type SeedCommand struct {
	Name        string `json:"command_name"`
	Description string `json:"command_description"`
}

func (s *Server) setAutomation(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	a := SeedAutomation{}
	if p.Automation != nil {
		a = *p.Automation
	}
	if v, ok := req.params["enable_welcome_message"]; ok {
		a.EnableWelcomeMessage = v[0] == "true"
	}
	if v, ok := req.params["prompts"]; ok {
		var prompts []string
		if err := json.Unmarshal([]byte(v[0]), &prompts); err != nil {
			return nil, invalidParam("Param prompts must be an array of strings")
		}
		if len(prompts) > 4 {
			return nil, errf(400, 105, 0, "OAuthException", "(#105) The parameter prompts must have at most 4 elements, %d found.", len(prompts))
		}
		for i, pr := range prompts {
			if n := utf8.RuneCountInString(pr); n < 1 || n > 80 {
				return nil, invalidParam("Param prompts[%d] must be 1 to 80 characters long", i)
			}
		}
		a.Prompts = prompts
	}
	if v, ok := req.params["commands"]; ok {
		var commands []SeedCommand
		if err := json.Unmarshal([]byte(v[0]), &commands); err != nil {
			return nil, invalidParam("Param commands must be an array of {command_name, command_description}")
		}
		if len(commands) > 30 {
			return nil, errf(400, 105, 0, "OAuthException", "(#105) The parameter commands must have at most 30 elements, %d found.", len(commands))
		}
		seen := map[string]bool{}
		for i, c := range commands {
			switch {
			case c.Name == "" || utf8.RuneCountInString(c.Name) > 32:
				return nil, invalidParam("Param commands[%d]['command_name'] must be at most 32 characters long", i)
			case strings.HasPrefix(c.Name, "/"):
				return nil, invalidParam("Param commands[%d]['command_name'] must not start with /", i)
			case utf8.RuneCountInString(c.Description) > 256:
				return nil, invalidParam("Param commands[%d]['command_description'] must be at most 256 characters long", i)
			case seen[c.Name]:
				return nil, invalidParam("Param commands[%d]['command_name'] repeats %q: command names must be unique", i, c.Name)
			}
			seen[c.Name] = true
		}
		a.Commands = commands
	}
	p.Automation = &a
	return map[string]any{"success": true}, nil
}

// automationNode renders the conversational_automation field.
func automationNode(p *phone) map[string]any {
	a := p.Automation
	if a == nil {
		a = &SeedAutomation{}
	}
	prompts, commands := a.Prompts, a.Commands
	if prompts == nil {
		prompts = []string{}
	}
	if commands == nil {
		commands = []SeedCommand{}
	}
	return map[string]any{"enable_welcome_message": a.EnableWelcomeMessage, "prompts": prompts, "commands": commands}
}

// Automation returns a number's conversational components.
func (s *Server) Automation(phoneID string) (SeedAutomation, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.st.phones[phoneID]; p != nil && p.Automation != nil {
		return *p.Automation, true
	}
	return SeedAutomation{}, false
}
