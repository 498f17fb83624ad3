// Package provider maps Terraform schemas onto the Graph API client. It is
// the only package that imports terraform-plugin-framework.
package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// Environment variables read when the provider block leaves an attribute out.
const (
	envAccessToken = "WHATSAPP_ACCESS_TOKEN"
	envAppSecret   = "WHATSAPP_APP_SECRET"
	envAppID       = "WHATSAPP_APP_ID"
	envAPIVersion  = "WHATSAPP_API_VERSION"
	envBaseURL     = "WHATSAPP_BASE_URL"
	envMaxRetries  = "WHATSAPP_MAX_RETRIES"
)

var _ provider.ProviderWithListResources = (*WhatsAppProvider)(nil)

// WhatsAppProvider is the whatsapp provider.
type WhatsAppProvider struct {
	version string
	test    testOptions
}

// testOptions let tests inject a clock, backoff and HTTP client into the
// client. They are never reachable from configuration.
type testOptions struct {
	clock       graphapi.Clock
	backoffBase time.Duration
	backoffCap  time.Duration
	httpClient  *http.Client
}

// New returns a provider factory for providerserver.
func New(version string) func() provider.Provider {
	return newWithOptions(version, testOptions{})
}

func newWithOptions(version string, test testOptions) func() provider.Provider {
	return func() provider.Provider {
		return &WhatsAppProvider{version: version, test: test}
	}
}

type providerModel struct {
	AccessToken      types.String `tfsdk:"access_token"`
	AppSecret        types.String `tfsdk:"app_secret"`
	AppID            types.String `tfsdk:"app_id"`
	APIVersion       types.String `tfsdk:"api_version"`
	BaseURL          types.String `tfsdk:"base_url"`
	MaxRetries       types.Int64  `tfsdk:"max_retries"`
	MaxRateLimitWait types.String `tfsdk:"max_rate_limit_wait"`
	RequestTimeout   types.String `tfsdk:"request_timeout"`
}

// Metadata implements provider.Provider.
func (p *WhatsAppProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "whatsapp"
	resp.Version = p.version
}

// Schema implements provider.Provider.
func (p *WhatsAppProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages WhatsApp Business Accounts through Meta's Graph API (WhatsApp Business Management API): " +
			"phone numbers and their registration, business profiles, webhooks and chat components, webhook subscriptions " +
			"and assigned users.",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "A system user access token with the `whatsapp_business_management` and `business_management` permissions. " +
					"Falls back to `" + envAccessToken + "`. It travels only in the `Authorization` header and is never logged.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"app_secret": schema.StringAttribute{
				MarkdownDescription: "The secret of the app that owns the token. When set, every request carries `appsecret_proof` and `appsecret_time`, " +
					"as apps with \"Require App Secret\" demand. Falls back to `" + envAppSecret + "`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"app_id": schema.StringAttribute{
				MarkdownDescription: "The ID of the app that owns the token. When unset it is looked up once through `GET /debug_token`, at first need. " +
					"Falls back to `" + envAppID + "`.",
				Optional:   true,
				Validators: []validator.String{graphID()},
			},
			"api_version": schema.StringAttribute{
				MarkdownDescription: "The Graph API version, such as `v25.0` (the default). Falls back to `" + envAPIVersion + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(graphapi.VersionPattern, "must look like v25.0 (a v, a number, .0)")},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The Graph API's base URL, `https://graph.facebook.com` by default. `http://` is refused unless the host is loopback " +
					"(127.0.0.0/8, ::1, localhost), which is how tests and `make demo` reach the bundled fake. Falls back to `" + envBaseURL + "`.",
				Optional:   true,
				Validators: []validator.String{baseURL{}},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a rate-limited or transiently failing request is retried. Default 8; 0 turns retries off. " +
					"Falls back to `" + envMaxRetries + "`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"max_rate_limit_wait": schema.StringAttribute{
				MarkdownDescription: "The longest single wait for Meta's rate limit to reset, as a Go duration. Default `5m`. When Meta announces " +
					"a longer wait, the run fails at once with a diagnostic saying when to retry, instead of holding a CI job for up to an hour.",
				Optional:   true,
				Validators: []validator.String{goDuration{}},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "The timeout of one HTTP attempt, as a Go duration. Default `60s`.",
				Optional:            true,
				Validators:          []validator.String{goDuration{}},
			},
		},
	}
}

// providerData is what Configure hands to resources and data sources: a
// client, or the reason there is none yet (values unknown at configure time,
// which only matter once an API call needs them).
type providerData struct {
	client   *graphapi.Client
	deferred string
	reported sync.Map // failures already reported, see addReadError
}

// Configure implements provider.Provider.
func (p *WhatsAppProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var unknown []string
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"access_token": m.AccessToken, "app_secret": m.AppSecret, "app_id": m.AppID, "api_version": m.APIVersion,
		"base_url": m.BaseURL, "max_retries": m.MaxRetries, "max_rate_limit_wait": m.MaxRateLimitWait, "request_timeout": m.RequestTimeout,
	} {
		if v.IsUnknown() {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		data := &providerData{deferred: fmt.Sprintf("The provider attributes %s depend on values not known until apply.", strings.Join(unknown, ", "))}
		resp.DataSourceData, resp.ResourceData, resp.ListResourceData = data, data, data
		return
	}
	cfg := p.clientConfig(m, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := graphapi.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Provider Configuration", err.Error())
		return
	}
	data := &providerData{client: client}
	resp.DataSourceData, resp.ResourceData, resp.ListResourceData = data, data, data
}

// clientConfig merges the provider block (which wins) with the environment.
func (p *WhatsAppProvider) clientConfig(m providerModel, diags *diag.Diagnostics) graphapi.Config {
	cfg := graphapi.Config{
		AccessToken:      stringOrEnv(m.AccessToken, envAccessToken),
		AppSecret:        stringOrEnv(m.AppSecret, envAppSecret),
		AppID:            stringOrEnv(m.AppID, envAppID),
		APIVersion:       stringOrEnv(m.APIVersion, envAPIVersion),
		BaseURL:          stringOrEnv(m.BaseURL, envBaseURL),
		MaxRetries:       graphapi.DefaultMaxRetries,
		UserAgent:        "terraform-provider-whatsapp/" + p.version,
		HTTPClient:       p.test.httpClient,
		Clock:            p.test.clock,
		BackoffBase:      p.test.backoffBase,
		BackoffCap:       p.test.backoffCap,
		MaxRateLimitWait: graphapi.DefaultMaxRateLimitWait,
		RequestTimeout:   graphapi.DefaultRequestTimeout,
	}
	if cfg.AccessToken == "" {
		diags.AddAttributeError(path.Root("access_token"), "Missing Access Token",
			"Set access_token in the provider block or the "+envAccessToken+" environment variable to a system user token "+
				"with the whatsapp_business_management and business_management permissions.")
	}
	if cfg.AppID != "" && m.AppID.IsNull() && !graphapi.ValidID(cfg.AppID) {
		diags.AddAttributeError(path.Root("app_id"), "Invalid "+envAppID, envAppID+" must be a Graph ID of decimal digits; got "+strconv.Quote(cfg.AppID)+".")
	}
	if cfg.APIVersion != "" && m.APIVersion.IsNull() && !graphapi.VersionPattern.MatchString(cfg.APIVersion) {
		diags.AddAttributeError(path.Root("api_version"), "Invalid "+envAPIVersion, envAPIVersion+" must look like v25.0; got "+strconv.Quote(cfg.APIVersion)+".")
	}
	if cfg.BaseURL != "" && m.BaseURL.IsNull() {
		if _, err := graphapi.CheckBaseURL(cfg.BaseURL); err != nil {
			diags.AddAttributeError(path.Root("base_url"), "Invalid "+envBaseURL, fmt.Sprintf("%s: %v.", envBaseURL, err))
		}
	}
	switch {
	case !m.MaxRetries.IsNull():
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	case os.Getenv(envMaxRetries) != "":
		n, err := strconv.Atoi(os.Getenv(envMaxRetries))
		if err != nil || n < 0 {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid "+envMaxRetries, envMaxRetries+" must be a whole number, 0 or more; got "+strconv.Quote(os.Getenv(envMaxRetries))+".")
		}
		cfg.MaxRetries = n
	}
	if !m.MaxRateLimitWait.IsNull() {
		cfg.MaxRateLimitWait, _ = parseDuration(m.MaxRateLimitWait.ValueString())
	}
	if !m.RequestTimeout.IsNull() {
		cfg.RequestTimeout, _ = parseDuration(m.RequestTimeout.ValueString())
	}
	return cfg
}

func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// Resources implements provider.Provider.
func (p *WhatsAppProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewPhoneNumberResource,
		NewSubscribedAppResource,
		NewFlowResource,
		NewAssignedUserResource,
		NewPhoneNumberRegistrationResource,
		NewBusinessProfileResource,
		NewPhoneNumberWebhookResource,
		NewConversationalAutomationResource,
		NewBusinessEncryptionResource,
		NewMessageTemplateResource,
		NewCommerceSettingsResource,
		NewQRCodeResource,
		NewAppSubscriptionResource,
	}
}

// DataSources implements provider.Provider.
func (p *WhatsAppProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewBusinessAccountDataSource,
		NewPhoneNumbersDataSource,
		NewAssignedUsersDataSource,
		NewSubscribedAppsDataSource,
		NewFlowsDataSource,
		NewBusinessAccountsDataSource,
		NewMessageTemplatesDataSource,
	}
}

// ListResources implements provider.ProviderWithListResources: the types
// `terraform query` can list for adoption (Terraform >= 1.14).
func (p *WhatsAppProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewPhoneNumberListResource,
		NewAssignedUserListResource,
		NewSubscribedAppListResource,
		NewFlowListResource,
		NewMessageTemplateListResource,
		NewQRCodeListResource,
	}
}
