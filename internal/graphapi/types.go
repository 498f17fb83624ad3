package graphapi

// Objects as the Graph API returns them. Optional fields are pointers (or nil
// slices): nil means the API left the field out.

// WABA is a WhatsApp Business Account node (graphapi.md §2).
type WABA struct {
	ID                         string
	Name                       *string
	TimezoneID                 *string
	MessageTemplateNamespace   *string
	AccountReviewStatus        *string
	BusinessVerificationStatus *string
	Country                    *string
	Currency                   *string
	IsEnabledForInsights       *bool
	OwnershipType              *string
	PrimaryFundingID           *string
	PurchaseOrderNumber        *string
	PrimaryBusinessLocation    *string
	Status                     *string
	OnBehalfOfBusinessInfo     *OnBehalfOfBusinessInfo
	OwnerBusinessInfo          *BusinessInfo
	HealthStatus               *HealthStatus
}

// OnBehalfOfBusinessInfo is the business a WABA acts for.
type OnBehalfOfBusinessInfo struct {
	ID, Name, Status, Type *string
}

// BusinessInfo names a business portfolio.
type BusinessInfo struct {
	ID, Name *string
}

// HealthStatus says whether the WABA and its entities can send messages.
type HealthStatus struct {
	CanSendMessage *string
	Entities       []HealthEntity
}

// HealthEntity is one entity's messaging health.
type HealthEntity struct {
	EntityType, ID, CanSendMessage *string
}

// wabaFields is the explicit fields= of a WABA read.
const wabaFields = "id,name,timezone_id,message_template_namespace,account_review_status," +
	"business_verification_status,country,currency,is_enabled_for_insights,ownership_type," +
	"primary_funding_id,purchase_order_number,primary_business_location,status," +
	"on_behalf_of_business_info{id,name,status,type},owner_business_info{id,name}," +
	"health_status{can_send_message,entities}"

func decodeWABA(o object) *WABA {
	w := &WABA{
		ID:                         o.id("id"),
		Name:                       o.str("name"),
		TimezoneID:                 o.str("timezone_id"),
		MessageTemplateNamespace:   o.str("message_template_namespace"),
		AccountReviewStatus:        o.str("account_review_status"),
		BusinessVerificationStatus: o.str("business_verification_status"),
		Country:                    o.str("country"),
		Currency:                   o.str("currency"),
		IsEnabledForInsights:       o.boolean("is_enabled_for_insights"),
		OwnershipType:              o.str("ownership_type"),
		PrimaryFundingID:           o.str("primary_funding_id"),
		PurchaseOrderNumber:        o.str("purchase_order_number"),
		PrimaryBusinessLocation:    o.str("primary_business_location"),
		Status:                     o.str("status"),
	}
	if b := o.obj("on_behalf_of_business_info"); b != nil {
		w.OnBehalfOfBusinessInfo = &OnBehalfOfBusinessInfo{ID: b.str("id"), Name: b.str("name"), Status: b.str("status"), Type: b.str("type")}
	}
	if b := o.obj("owner_business_info"); b != nil {
		w.OwnerBusinessInfo = &BusinessInfo{ID: b.str("id"), Name: b.str("name")}
	}
	if h := o.obj("health_status"); h != nil {
		w.HealthStatus = &HealthStatus{CanSendMessage: h.str("can_send_message")}
		for _, e := range h.objects("entities") {
			w.HealthStatus.Entities = append(w.HealthStatus.Entities, HealthEntity{
				EntityType: e.str("entity_type"), ID: e.str("id"), CanSendMessage: e.str("can_send_message"),
			})
		}
	}
	return w
}

// PhoneNumber is a business phone number (graphapi.md §3.3).
type PhoneNumber struct {
	ID                        string
	DisplayPhoneNumber        *string
	VerifiedName              *string
	Status                    *string
	CodeVerificationStatus    *string
	QualityRating             *string
	NameStatus                *string
	PlatformType              *string
	ThroughputLevel           *string
	AccountMode               *string
	IsOfficialBusinessAccount *bool
	LastOnboardedTime         *string
}

const phoneNumberFields = "id,display_phone_number,verified_name,status,code_verification_status," +
	"quality_rating,name_status,platform_type,throughput,account_mode,is_official_business_account," +
	"last_onboarded_time"

func decodePhoneNumber(o object) PhoneNumber {
	p := PhoneNumber{
		ID:                        o.id("id"),
		DisplayPhoneNumber:        o.str("display_phone_number"),
		VerifiedName:              o.str("verified_name"),
		Status:                    o.str("status"),
		CodeVerificationStatus:    o.str("code_verification_status"),
		QualityRating:             o.str("quality_rating"),
		NameStatus:                o.str("name_status"),
		PlatformType:              o.str("platform_type"),
		AccountMode:               o.str("account_mode"),
		IsOfficialBusinessAccount: o.boolean("is_official_business_account"),
		LastOnboardedTime:         o.str("last_onboarded_time"),
	}
	if t := o.obj("throughput"); t != nil {
		p.ThroughputLevel = t.str("level")
	}
	return p
}

// NewPhoneNumber is what POST /{waba}/phone_numbers takes.
type NewPhoneNumber struct {
	CC                 string
	PhoneNumber        string
	VerifiedName       string
	MigratePhoneNumber bool
	PreverifiedID      string
}

// SubscribedApp is an app subscribed to a WABA's webhooks (graphapi.md §4.2).
type SubscribedApp struct {
	AppID               string
	AppName             *string
	AppLink             *string
	OverrideCallbackURI *string
}

func decodeSubscribedApp(o object) SubscribedApp {
	a := SubscribedApp{OverrideCallbackURI: o.str("override_callback_uri")}
	if d := o.obj("whatsapp_business_api_data"); d != nil {
		a.AppID = d.id("id")
		a.AppName = d.str("name")
		a.AppLink = d.str("link")
	} else {
		o.fail("whatsapp_business_api_data", "an object")
	}
	return a
}

// CallbackOverride is a WABA-level webhook callback override.
type CallbackOverride struct {
	CallbackURI string
	VerifyToken string
}

// AssignedUser is a user's task set on a WABA (graphapi.md §5.2).
type AssignedUser struct {
	ID       string
	Name     *string
	Tasks    []string
	UserType *string
}

const assignedUserFields = "id,name,tasks,user_type"

func decodeAssignedUser(o object) AssignedUser {
	return AssignedUser{ID: o.id("id"), Name: o.str("name"), Tasks: o.strings("tasks"), UserType: o.str("user_type")}
}

// TokenInfo is what debug_token says about the access token.
type TokenInfo struct {
	AppID       string
	Application *string
	UserID      *string
	Type        *string
	IsValid     bool
}
