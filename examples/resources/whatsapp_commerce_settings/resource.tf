resource "whatsapp_commerce_settings" "support" {
  phone_number_id    = "110200345501442"
  is_cart_enabled    = true
  is_catalog_visible = true
}
