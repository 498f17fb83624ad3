package graphapi

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestFieldsDerivedFromTags(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{fieldsOf[AssignedUser](), "id,name,tasks,user_type"},
		{fieldsOf[PhoneNumber](), "id,display_phone_number,verified_name,status,code_verification_status,quality_rating," +
			"name_status,platform_type,throughput,account_mode,is_official_business_account,last_onboarded_time,is_pin_enabled,new_display_name,new_name_status"},
		{fieldsOf[WABA](), "id,name,timezone_id,message_template_namespace,account_review_status,business_verification_status," +
			"country,currency,is_enabled_for_insights,ownership_type,primary_funding_id,purchase_order_number," +
			"primary_business_location,status,on_behalf_of_business_info{id,name,status,type},owner_business_info{id,name},health_status," +
			"creation_time,is_shared_with_partners,whatsapp_business_manager_messaging_limit,marketing_messages_lite_api_status," +
			"marketing_messages_onboarding_status,owner_business{id,name},linked_commerce_account{id},auth_international_rate_eligibility"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("fields\n got %s\nwant %s", tc.got, tc.want)
		}
	}
}

func TestLenientScalars(t *testing.T) {
	t.Parallel()
	var v struct {
		B  *bool    `graph:"b"`
		S  *string  `graph:"s"`
		N  *int64   `graph:"n"`
		L  []string `graph:"l"`
		ID string   `graph:"id,id"`
		X  *struct {
			Y *bool `graph:"y"`
		} `graph:"x"`
		Absent *string `graph:"absent"`
	}
	err := decodeBody([]byte(`{"b":"true","s":47,"n":"12","l":["a"],"id":104996122399160,"x":{"y":"0"},"absent":null,"extra":[1]}`), &v)
	if err != nil {
		t.Fatal(err)
	}
	if !*v.B || *v.S != "47" || *v.N != 12 || v.L[0] != "a" || v.ID != "104996122399160" || *v.X.Y || v.Absent != nil {
		t.Fatalf("%+v", v)
	}
	if err := decodeBody([]byte(`{"id":"1","x":{"y":{"z":1}}}`), &v); err == nil || err.Error() != `field x.y: want a boolean, got {"z":1}` {
		t.Fatalf("got %v", err)
	}
}

func TestPollBacksOffAndEndsAtDeadline(t *testing.T) {
	t.Parallel()
	c, clock := newClient(t, "http://127.0.0.1:1", nil)
	calls := 0
	err := c.Poll(context.Background(), func(context.Context) (bool, error) {
		calls++
		return calls == 5, nil
	})
	want := []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second}
	if err != nil || calls != 5 || len(clock.waits()) != 4 {
		t.Fatalf("err %v, %d calls, waits %v", err, calls, clock.waits())
	}
	for i, w := range clock.waits() {
		if w != want[i] {
			t.Fatalf("waits %v, want %v", clock.waits(), want)
		}
	}
	c.usage.Store(90)
	clock.block = true
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err = c.Poll(ctx, func(context.Context) (bool, error) { return false, nil })
	if !errors.Is(err, ErrPollTimeout) {
		t.Fatalf("got %v", err)
	}
	if w := clock.waits(); w[len(w)-1] != 10*time.Second {
		t.Fatalf("a budget 90%% used must double the wait: %v", w)
	}
}
