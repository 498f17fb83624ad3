package graphapi

import (
	"context"
	"net/http"
	"slices"
)

// EdgeConversationalAutomation is a number's welcome message, ice breakers
// (prompts) and commands.
// https://developers.facebook.com/docs/whatsapp/cloud-api/phone-numbers/conversational-components
const EdgeConversationalAutomation = "conversational_automation"

// ConversationalAutomation is a number's conversational components.
type ConversationalAutomation struct {
	EnableWelcomeMessage *bool     `graph:"enable_welcome_message"`
	Prompts              []string  `graph:"prompts"`
	Commands             []Command `graph:"commands"`
}

// Command is a chat command, such as /status.
type Command struct {
	Name        string `graph:"command_name" json:"command_name"`
	Description string `graph:"command_description" json:"command_description"`
}

type automationNode struct {
	ID                       string                    `graph:"id,id"`
	ConversationalAutomation *ConversationalAutomation `graph:"conversational_automation,whole"`
}

// GetConversationalAutomation reads a number's conversational components
// (nil when Meta reports none).
func (c *Client) GetConversationalAutomation(ctx context.Context, phoneID string) (*ConversationalAutomation, error) {
	n, err := getNode[automationNode](ctx, c, phoneID)
	if err != nil {
		return nil, err
	}
	return n.ConversationalAutomation, nil
}

// SetConversationalAutomation writes the whole desired state: lists left
// empty clear the number's prompts or commands.
func (c *Client) SetConversationalAutomation(ctx context.Context, phoneID string, welcome bool, prompts []string, commands []Command) error {
	if prompts == nil {
		prompts = []string{}
	}
	if commands == nil {
		commands = []Command{}
	}
	body := map[string]any{"enable_welcome_message": welcome, "prompts": prompts, "commands": commands}
	took := func(ctx context.Context) (bool, error) {
		a, err := c.GetConversationalAutomation(ctx, phoneID)
		if err != nil || a == nil {
			return false, err
		}
		return a.EnableWelcomeMessage != nil && *a.EnableWelcomeMessage == welcome &&
			slices.Equal(a.Prompts, prompts) && slices.Equal(a.Commands, commands), nil
	}
	return c.writePhoneNode(ctx, phoneID, request{method: http.MethodPost, path: []string{phoneID, EdgeConversationalAutomation}, json: body}, took)
}
