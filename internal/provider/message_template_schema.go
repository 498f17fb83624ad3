package provider

import (
	"context"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// templateLanguages are the language codes Meta accepts for templates.
// https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/supported-languages
var templateLanguages = []string{
	"af", "sq", "ar", "ar_EG", "ar_AE", "ar_LB", "ar_MA", "ar_QA", "az", "be_BY", "bn", "bn_IN", "bg", "ca",
	"zh_CN", "zh_HK", "zh_TW", "hr", "cs", "da", "prs_AF", "nl", "nl_BE", "en", "en_GB", "en_US", "en_AE", "en_AU",
	"en_CA", "en_GH", "en_IE", "en_IN", "en_JM", "en_MY", "en_NZ", "en_QA", "en_SG", "en_UG", "en_ZA", "et", "fil",
	"fi", "fr", "fr_BE", "fr_CA", "fr_CH", "fr_CI", "fr_MA", "ka", "de", "de_AT", "de_CH", "el", "gu", "ha", "he",
	"hi", "hu", "id", "ga", "it", "ja", "kn", "kk", "rw_RW", "ko", "ky_KG", "lo", "lv", "lt", "mk", "ms", "ml", "mr",
	"nb", "ps_AF", "fa", "pl", "pt_BR", "pt_PT", "pa", "ro", "ru", "sr", "si_LK", "sk", "sl", "es", "es_AR", "es_CL",
	"es_CO", "es_CR", "es_DO", "es_EC", "es_HN", "es_MX", "es_PA", "es_PE", "es_ES", "es_UY", "sw", "sv", "ta", "te",
	"th", "tr", "uk", "ur", "uz", "vi", "zu",
}

var (
	templateNameRegexp = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)
	templateCategories = []string{"MARKETING", "UTILITY", "AUTHENTICATION"}
	headerFormats      = []string{"TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"}
	buttonTypes        = []string{"QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP", "FLOW"}
	otpTypes           = []string{"COPY_CODE", "ONE_TAP", "ZERO_TAP"}
)

// templateDefaultTimeout bounds wait_for_review.
const templateDefaultTimeout = "20m"

func (r *messageTemplateResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	examples := schema.MapAttribute{
		MarkdownDescription: "Example values of the text's parameters, which Meta's review needs: keys `\"1\"`, `\"2\"`, ... for " +
			"`POSITIONAL` parameters, the parameter names for `NAMED` ones; exactly the parameters the text uses.",
		ElementType: types.StringType, Optional: true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A message template: one name in one language on a WhatsApp Business Account, submitted to Meta's review. " +
			"Write the content with the typed `header`, `body`, `footer` and `buttons`, or as Meta's own JSON in `components_json` " +
			"for kinds they do not cover (carousels, limited-time offers, ...). Meta reviews every create and edit: `status` " +
			"starts `PENDING`; set `wait_for_review` to wait for the outcome. **Deleting an approved template locks its name for " +
			"30 days**, so a change that needs a new template must also change `name` (a `_v2` suffix, say).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{MarkdownDescription: "The template ID.", Computed: true, PlanModifiers: keep},
			"waba_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID. Changing it replaces the template.",
				Required:            true, Validators: []validator.String{graphID()}, PlanModifiers: replace,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The template name: 1 to 512 lowercase letters, digits and underscores. Changing it replaces the template.",
				Required:            true, PlanModifiers: replace,
				Validators: []validator.String{stringvalidator.RegexMatches(templateNameRegexp, "must be 1 to 512 lowercase letters, digits and underscores, such as order_shipped")},
			},
			"language": schema.StringAttribute{
				MarkdownDescription: "The language code, one of Meta's supported codes such as `en_US`, `de` or `pt_BR`. Changing it replaces the template.",
				Required:            true, PlanModifiers: replace,
				Validators: []validator.String{stringvalidator.OneOf(templateLanguages...)},
			},
			"category": schema.StringAttribute{
				MarkdownDescription: "`MARKETING`, `UTILITY` or `AUTHENTICATION`. Changed in place while the template is `REJECTED` or `PAUSED`; " +
					"Meta forbids changing the category of an `APPROVED` template, so the plan refuses it (use a new `name`). " +
					"Meta may approve a `UTILITY` template as `MARKETING`: that shows in `current_category` with a warning, not as a diff; " +
					"setting `category` to `current_category` accepts it and sends nothing. An edit sends `category` only when it changes.",
				Required: true, Validators: []validator.String{stringvalidator.OneOf(templateCategories...)},
			},
			"parameter_format": schema.StringAttribute{
				MarkdownDescription: "How the texts name their parameters: `POSITIONAL` (`{{1}}`, `{{2}}`, ...; the default) or `NAMED` " +
					"(`{{first_name}}`). Changing it replaces the template.",
				Optional: true, Computed: true, Default: stringdefault.StaticString("POSITIONAL"), PlanModifiers: replace,
				Validators: []validator.String{stringvalidator.OneOf("POSITIONAL", "NAMED")},
			},
			"message_send_ttl_seconds": schema.Int64Attribute{
				MarkdownDescription: "How long Meta tries to deliver a message sent with this template: `AUTHENTICATION` 30 to 900 seconds, " +
					"`UTILITY` 30 to 43200, `MARKETING` 43200 to 2592000; `-1` (authentication and utility) means 30 days. Unset: Meta's default.",
				Optional: true,
			},
			"wait_for_review": schema.BoolAttribute{
				MarkdownDescription: "Wait after a create or an edit until Meta's review ends (polling with backoff, within `timeouts`): " +
					"`APPROVED` succeeds, `REJECTED` fails with Meta's reason (the template stays in state). A review still running at the " +
					"timeout is a warning: the template is saved as `PENDING`, untainted. Default `false`.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			},
			"header": schema.SingleNestedAttribute{
				MarkdownDescription: "The header, at most one. Not for `AUTHENTICATION` templates.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"format": schema.StringAttribute{
						MarkdownDescription: "`TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT` or `LOCATION` (`LOCATION`: utility and marketing only).",
						Required:            true, Validators: []validator.String{stringvalidator.OneOf(headerFormats...)},
					},
					"text": schema.StringAttribute{
						MarkdownDescription: "The header text for `TEXT`: at most 60 characters and at most one parameter.",
						Optional:            true, Validators: []validator.String{stringvalidator.LengthBetween(1, 60)},
					},
					"examples": examples,
					"media_file": schema.StringAttribute{
						MarkdownDescription: "For `IMAGE`, `VIDEO` and `DOCUMENT`: a local file uploaded with Meta's Resumable Upload API as the " +
							"example Meta's review looks at (JPEG or PNG, MP4, PDF). Meta reads it back as a URL, so import cannot set it.",
						Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"media_sha256": schema.StringAttribute{
						MarkdownDescription: "The SHA-256 of `media_file`, such as `filesha256(\"header.png\")`: a change uploads the file again and edits the template.",
						Optional:            true,
						Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[0-9a-f]{64}$`), "must be 64 lowercase hex digits, as filesha256() returns"),
							stringvalidator.AlsoRequires(path.MatchRelative().AtParent().AtName("media_file"))},
					},
				},
			},
			"body": schema.SingleNestedAttribute{
				MarkdownDescription: "The body, required unless `components_json` is set.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"text": schema.StringAttribute{
						MarkdownDescription: "The body text: at most 1024 characters, parameters anywhere but at the very start or end. " +
							"Not for `AUTHENTICATION` templates, whose body Meta writes.",
						Optional: true, Validators: []validator.String{stringvalidator.LengthBetween(1, 1024)},
					},
					"examples": examples,
					"add_security_recommendation": schema.BoolAttribute{
						MarkdownDescription: "`AUTHENTICATION` only: add Meta's advice not to share the code.",
						Optional:            true,
					},
				},
			},
			"footer": schema.SingleNestedAttribute{
				MarkdownDescription: "The footer: `text`, or for `AUTHENTICATION` templates `code_expiration_minutes`.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"text": schema.StringAttribute{
						MarkdownDescription: "The footer text: at most 60 characters, no parameters.",
						Optional:            true, Validators: []validator.String{stringvalidator.LengthBetween(1, 60)},
					},
					"code_expiration_minutes": schema.Int64Attribute{
						MarkdownDescription: "`AUTHENTICATION` only: the code's validity in minutes, 1 to 90, shown in the footer.",
						Optional:            true, Validators: []validator.Int64{int64validator.Between(1, 90)},
					},
				},
			},
			"buttons": schema.ListNestedAttribute{
				MarkdownDescription: "The buttons, 1 to 10: at most 10 `QUICK_REPLY` (next to each other), 2 `URL`, 1 `PHONE_NUMBER`, " +
					"1 `COPY_CODE`, 1 `FLOW`; `AUTHENTICATION` templates take exactly one `OTP` button.",
				Optional:   true,
				Validators: []validator.List{listvalidator.SizeBetween(1, 10)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						MarkdownDescription: "`QUICK_REPLY`, `URL`, `PHONE_NUMBER`, `COPY_CODE`, `OTP` or `FLOW`.",
						Required:            true, Validators: []validator.String{stringvalidator.OneOf(buttonTypes...)},
					},
					"text": schema.StringAttribute{
						MarkdownDescription: "The label, at most 25 characters. Required but for `OTP`, where Meta's default (\"Copy code\") applies when unset.",
						Optional:            true, Validators: []validator.String{stringvalidator.LengthBetween(1, 25)},
					},
					"url": schema.StringAttribute{
						MarkdownDescription: "`URL`: an https URL of at most 2000 characters, with at most one parameter, at its end (`https://acme.example/track/{{1}}`).",
						Optional:            true, Validators: []validator.String{stringvalidator.LengthBetween(1, 2000)},
					},
					"example": schema.StringAttribute{
						MarkdownDescription: "`URL` with a parameter: an example of the URL's parameter. `COPY_CODE`: an example code of at most 15 characters.",
						Optional:            true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"phone_number": schema.StringAttribute{
						MarkdownDescription: "`PHONE_NUMBER`: the number to call, with country code, at most 20 characters.",
						Optional:            true, Validators: []validator.String{stringvalidator.LengthBetween(1, 20)},
					},
					"otp_type": schema.StringAttribute{
						MarkdownDescription: "`OTP`: `COPY_CODE`, `ONE_TAP` or `ZERO_TAP`.",
						Optional:            true, Validators: []validator.String{stringvalidator.OneOf(otpTypes...)},
					},
					"autofill_text": schema.StringAttribute{
						MarkdownDescription: "`OTP` one-tap and zero-tap: the autofill label, at most 25 characters (Meta's default \"Autofill\" when unset). Meta does not return it: kept from the configuration, empty after an import.",
						Optional:            true, Validators: []validator.String{stringvalidator.LengthBetween(1, 25)},
					},
					"zero_tap_terms_accepted": schema.BoolAttribute{
						MarkdownDescription: "`OTP` zero-tap: must be `true`, accepting Meta's zero-tap terms; needed to create or edit the template. Meta does not return it: kept from the configuration, empty after an import.",
						Optional:            true,
					},
					"supported_apps": schema.ListNestedAttribute{
						MarkdownDescription: "`OTP` one-tap and zero-tap: the Android apps that receive the code, 1 to 5; needed to create or edit the template. Meta does not return them: kept from the configuration, empty after an import (adding them to an imported template's configuration sends no edit).",
						Optional:            true, Validators: []validator.List{listvalidator.SizeBetween(1, 5)},
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"package_name": schema.StringAttribute{
								MarkdownDescription: "The app's package name, such as `com.acme.app`: at most 224 characters, two or more segments of letters, digits and `_`, each starting with a letter.",
								Required:            true, Validators: []validator.String{stringvalidator.LengthAtMost(224), stringvalidator.RegexMatches(packageNameRegexp, "must be a package name such as com.acme.app")},
							},
							"signature_hash": schema.StringAttribute{
								MarkdownDescription: "The app's signing key hash: exactly 11 characters of letters, digits, `+`, `/` and `=`.",
								Required:            true, Validators: []validator.String{stringvalidator.RegexMatches(signatureHashRegexp, "must be 11 characters of letters, digits, +, / and =")},
							},
						}},
					},
					"flow_id": schema.StringAttribute{
						MarkdownDescription: "`FLOW`: the ID of the WhatsApp Flow to open.", Optional: true, Validators: []validator.String{graphID()},
					},
					"flow_action": schema.StringAttribute{
						MarkdownDescription: "`FLOW`: `NAVIGATE` (the default) or `DATA_EXCHANGE`.", Optional: true,
						Validators: []validator.String{stringvalidator.OneOf("NAVIGATE", "DATA_EXCHANGE")},
					},
					"navigate_screen": schema.StringAttribute{
						MarkdownDescription: "`FLOW` with `NAVIGATE`: the first screen.", Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				}},
			},
			"components_json": schema.StringAttribute{
				MarkdownDescription: "The components as Meta's own JSON array (`jsonencode([...])`), for kinds the typed attributes do not cover " +
					"(`CAROUSEL`, `LIMITED_TIME_OFFER`, ...). Conflicts with `header`, `body`, `footer` and `buttons`. Compared by meaning: key " +
					"order, white space and the case of types do not cause a diff.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{sameComponentsJSON{}},
				Validators: []validator.String{
					stringvalidator.ConflictsWith(path.MatchRoot("header"), path.MatchRoot("body"), path.MatchRoot("footer"), path.MatchRoot("buttons")),
					stringvalidator.ExactlyOneOf(path.MatchRoot("body"), path.MatchRoot("components_json")),
				},
			},
			"status":            computedNoDiff("Meta's review status: `PENDING`, `APPROVED`, `REJECTED`, `PAUSED`, `DISABLED`, `IN_APPEAL`, `ARCHIVED`, ..."),
			"current_category":  computedNoDiff("The category Meta assigned, which can differ from `category` (a warning says so)."),
			"previous_category": computedNoDiff("The category before Meta last changed it, if it did."),
			"rejected_reason":   computedNoDiff("Why Meta rejected the template (`NONE` when it did not)."),
			"quality_score":     computedNoDiff("`GREEN`, `YELLOW`, `RED` or `UNKNOWN`."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true,
				CreateDescription: "How long a create waits for Meta's review with `wait_for_review` (default " + templateDefaultTimeout + ").",
				UpdateDescription: "How long an edit waits for Meta's review with `wait_for_review` (default " + templateDefaultTimeout + ")."}),
		},
	}
}

var (
	packageNameRegexp   = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$`)
	signatureHashRegexp = regexp.MustCompile(`^[a-zA-Z0-9+/=]{11}$`)
)

// isEditableStatus reports a status in which Meta accepts an edit.
func isEditableStatus(status string) bool {
	return slices.Contains([]string{"APPROVED", "REJECTED", "PAUSED"}, status)
}
