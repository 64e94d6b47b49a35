// Leak classes read from held-out secrets sets 32 and 33 (written blind: embedded, IoT, media,
// streaming and game tooling; data engineering and research computing): each case gives the
// leak's shape and the look-alikes that must stay readable.
// Values here are made up for the tests, not copied from the set.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("firmware configuration: C defines, setters, pre-shared keys and OpenWrt's wireless key") {
  CHECK(redaction_removes("#define WIFI_PASSWORD \"Tulip-orbit4471\"", "Tulip-orbit4471"));
  CHECK(redaction_removes("  #define SECRET_PASS \"q8Rz#Lw2vK\"", "q8Rz#Lw2vK"));
  CHECK(redaction_removes("build/config/sdkconfig.h:41: #define CONFIG_MQTT_BROKER_PASSWORD \"Zx7-plover-19\"",
                          "Zx7-plover-19"));
  // A define whose name is no secret's, and one that names where the secret comes from.
  CHECK(redaction_keeps("#define CONFIG_ESP_WIFI_SSID \"workshop-5g\"", "workshop-5g"));
  CHECK(redaction_keeps("#define WIFI_PASSWORD \"YOUR_WIFI_PASSWORD\"", "YOUR_WIFI_PASSWORD"));
  CHECK(redaction_removes("src/main.cpp:88:   ota_component->set_password(\"Fern7-marble-22\");", "Fern7-marble-22"));
  CHECK(redaction_removes("+ WIFI_PSK='Cobalt_heron5512'", "Cobalt_heron5512"));
  CHECK(redaction_removes("wireless.wifinet1.key='Amber!falcon2093'", "Amber!falcon2093"));
  CHECK(redaction_removes("\toption key 'Amber!falcon2093'", "Amber!falcon2093"));
  CHECK(redaction_keeps("wireless.wifinet1.encryption='psk2'", "encryption='psk2'"));
}

TEST_CASE("device and broker tools: mosquitto_passwd, chpasswd, Tasmota and signature flags") {
  CHECK(redaction_removes("+ mosquitto_passwd -b /etc/mosquitto/passwd sensor01 'Birch_lamp7731'", "Birch_lamp7731"));
  CHECK(redaction_removes("+ echo 'root:Slate-koi9034' | chpasswd", "Slate-koi9034"));
  CHECK(redaction_keeps("+ echo 'root:Slate-koi9034' | chpasswd", "| chpasswd"));
  CHECK(redaction_removes("12:01:44.902 CMD: Backlog MqttUser plug3; MqttPassword Wren_lake4410; Topic plug3",
                          "Wren_lake4410"));
  CHECK(redaction_keeps("12:01:44.902 CMD: Backlog MqttUser plug3; MqttPassword Wren_lake4410; Topic plug3",
                        "Topic plug3"));
  CHECK(redaction_removes("aws iot test-invoke-authorizer --authorizer-name A --token-signature 'Qm9vbGVhbkZsb3c3Mzk1cGx1bWU='",
                          "Qm9vbGVhbkZsb3c3Mzk1cGx1bWU="));
  CHECK(redaction_removes("Unity -batchmode -quit -serial E4-K2LM-8QWE-ZX71-PLMN-4RT9 -logFile -", "E4-K2LM-8QWE-ZX71-PLMN-4RT9"));
  CHECK(redaction_removes("PlayerSettings.Android.keystorePass=Orchid!vale3310", "Orchid!vale3310"));
  // keytool reads -storepass:env NAME from the environment: a name, not the password.
  CHECK(redaction_keeps("keytool -list -keystore ks.jks -storepass:env KS_PASS", "-storepass:env KS_PASS"));
}

TEST_CASE("LoRaWAN keys, stream keys and device tokens in URLs") {
  const std::string ttn = "    \"app_key\": {\"key\": \"9C1E44A07B3D52F8E6A1C0B94D2F7E13\"},";
  CHECK(redaction_removes(ttn, "9C1E44A07B3D52F8E6A1C0B94D2F7E13"));
  CHECK(redaction_removes("DeviceActivation(dev_addr='260b1c2d', nwk_s_enc_key='4f0e9a1b2c3d4e5f60718293a4b5c6d7')",
                          "4f0e9a1b2c3d4e5f60718293a4b5c6d7"));
  CHECK(redaction_keeps("DeviceActivation(dev_addr='260b1c2d', nwk_s_enc_key='4f0e9a1b2c3d4e5f60718293a4b5c6d7')",
                        "dev_addr='260b1c2d'"));
  CHECK(redaction_keeps("  dev_eui: 70B3D57ED005A1C2", "70B3D57ED005A1C2"));
  CHECK(redaction_removes("Error opening output rtmp://a.rtmp.youtube.com/live2/k3v9-2mqa-7ttp-xw4e-1bzd: I/O error",
                          "k3v9-2mqa-7ttp-xw4e-1bzd"));
  CHECK(redaction_keeps("Error opening output rtmp://a.rtmp.youtube.com/live2/k3v9-2mqa-7ttp-xw4e-1bzd: I/O error",
                        "rtmp://a.rtmp.youtube.com/live2/"));
  CHECK(redaction_keeps("publishing to rtmp://localhost:1935/live/test", "/live/test"));
  CHECK(redaction_removes("  \"streamKey\": \"sk_eu-west-1_Vb81QpXk2LmN7RtZ4cWs9YhJd3FgA6Te0Ui5\"",
                          "sk_eu-west-1_Vb81QpXk2LmN7RtZ4cWs9YhJd3FgA6Te0Ui5"));
  CHECK(redaction_removes("> POST /api/v1/Qx7LmP2vR9sT4wY6zA1b/telemetry HTTP/1.1", "Qx7LmP2vR9sT4wY6zA1b"));
  CHECK(redaction_removes("  appCertificate = 5be0a7d1c39f42e8b61d0c7a93e4f285", "5be0a7d1c39f42e8b61d0c7a93e4f285"));
}

TEST_CASE("documented defaults, secret references, padded versions and documentation addresses are kept") {
  CHECK(redaction_keeps("CONFIG_ESP_WIFI_PASSWORD=\"mypassword\"", "mypassword"));
  CHECK(redaction_keeps("keystore/debug_password=\"android\"", "\"android\""));
  CHECK(redaction_keeps("-storepass changeit", "changeit"));
  CHECK(redaction_keeps("  api_key: !secret openweather_api_key", "!secret openweather_api_key"));
  CHECK(redaction_keeps("console firmware 9.00.00.18 (devkit)", "9.00.00.18"));
  CHECK(redaction_keeps("peer 192.0.2.10:5060 unreachable", "192.0.2.10"));
  CHECK(redaction_keeps("peer 203.0.113.77 timed out", "203.0.113.77"));
  // A public address is still removed.
  CHECK(redaction_removes("peer 81.2.69.160:5060 unreachable", "81.2.69.160"));
}

// Held-out set 33 (data engineering, analytics and research computing).
TEST_CASE("data platforms: Hadoop XML, Spark's Azure key, Flink's config log, Fernet keys, rclone, beeline") {
  const std::string core_site = "  <property>\n    <name>fs.s3a.secret.key</name>\n    <value>Kq8sV2mN7pX4rT1wY6zB3cD9fG0hJ5kL2nM4pQ7r</value>\n  </property>";
  CHECK(redaction_removes(core_site, "Kq8sV2mN7pX4rT1wY6zB3cD9fG0hJ5kL2nM4pQ7r"));
  CHECK(redaction_keeps(core_site, "<name>fs.s3a.secret.key</name>"));
  // A credential provider's path names where the secrets live.
  const std::string provider = "    <name>hadoop.security.credential.provider.path</name>\n    <value>jceks://hdfs@nn1:8020/user/etl/s3.jceks</value>";
  CHECK(redaction_keeps(provider, "jceks://hdfs@nn1:8020/user/etl/s3.jceks"));
  const std::string azure_key = "Qz7" + std::string(36, 'A') + "b3C9dE1fG7hJ2kL5mN8pQ4rS6tU0vW1xY3zA5bC7dE9fG2h==";
  CHECK(redaction_removes("spark.conf.set(\"fs.azure.account.key.lake.dfs.core.windows.net\", \"" + azure_key + "\")", azure_key));
  CHECK(redaction_removes("INFO GlobalConfiguration [] - Loading configuration property: s3.secret-key, Zr4T8wQ2mL6pV1xN9cB3", "Zr4T8wQ2mL6pV1xN9cB3"));
  CHECK(redaction_keeps("INFO GlobalConfiguration [] - Loading configuration property: taskmanager.numberOfTaskSlots, 4",
                        "taskmanager.numberOfTaskSlots, 4"));
  CHECK(redaction_removes("  'AIRFLOW__CORE__FERNET_KEY': 'u4Q9ZkV2pR7xM1nB6cT3wY8sD0fG5hJ2kL7mN4pQ9rE=',",
                          "u4Q9ZkV2pR7xM1nB6cT3wY8sD0fG5hJ2kL7mN4pQ9rE="));
  CHECK(redaction_removes("[sftp-archive]\ntype = sftp\npass = Qw3-Er7Ty2Ui9Op4As1Df6Gh\n", "Qw3-Er7Ty2Ui9Op4As1Df6Gh"));
  CHECK(redaction_keeps("pass = 12\nfail = 0", "pass = 12"));
  CHECK(redaction_removes("+ beeline -u 'jdbc:hive2://hs2:10000/default' -n etl -p 'Lm4-Nb8Vc2Xz' -f x.hql", "Lm4-Nb8Vc2Xz"));
  CHECK(redaction_removes("auth = TSC.PersonalAccessTokenAuth(\"ci\", \"aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY\", site_id=\"s\")",
                          "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY"));
  CHECK(redaction_removes("send: b'POST /v2 HTTP/1.1\\r\\nAuthorization: token 9f8e7d6c5b4a39281706f5e4d3c2b1a0\\r\\n'",
                          "9f8e7d6c5b4a39281706f5e4d3c2b1a0"));
}

TEST_CASE("look-alikes kept: AWS documentation keys under any rule, an XML placeholder's path, build stamps") {
  CHECK(redaction_keeps("  \"secret_access_key\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  CHECK(redaction_keeps(" - https://conda.anaconda.org/t/<TOKEN>/acme-internal", "/acme-internal"));
  CHECK(redaction_keeps("pyarrow 16.1.0 / dremio 25.0.4-202406261445240100-0b5a0d7e", "202406261445240100"));
  // A card number printed in groups is still removed.
  CHECK(redaction_removes("card 4556 7375 8689 9855 declined", "4556 7375 8689 9855"));
}
