# The public half of the key pair whose private key the Flow endpoint holds
# (generate it with openssl, or take tls_private_key.flows.public_key_pem).
resource "whatsapp_business_encryption" "support" {
  phone_number_id     = "110200345501442"
  business_public_key = <<-EOT
    -----BEGIN PUBLIC KEY-----
    MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtGqyy32dE0CB/oTRs9Lo
    eMWXZMjcsZXkic2fLjwvc5Gdl33QLlhm6SkCFUHdMOx9uMApmO2wFOYQ+9mZZnMN
    9LAUy9EohBqOZeRaRIyXx+EXDQ0yE1tiIVs19t50jXh5vUuzEv0uAhaGFtirQrQU
    3Uy+3+l06cTnf9zzT9p51U+tI47neu9ITAF7n7j6SHI3QuZvGUaJOefHiO2wBWk1
    Z30qA5DzPiyOFlcJ7vc8AiCYhyEEua7hGfbbKYIonTjNnGvSyYmFc11jlepz3Evq
    FaJDNYtlujq8/UaDQ5DXBAUCWnwDuoNxhXYnaLXeWzghp94YjTcVUg+cka+Ftp4k
    ZQIDAQAB
    -----END PUBLIC KEY-----
  EOT
}
