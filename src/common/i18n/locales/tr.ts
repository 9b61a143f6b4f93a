import { Catalogue } from './en';

/** Türkçe yanıtlar: her anahtar tam bir cümle; yalnızca kodlar, adlar ve sayılar doldurulur ({{…}}). */
export const tr: Catalogue = {
  safety: {
    first: '⚠️ Önce güvenlik: {{warnings}}',
    gas: 'Gaz kokusu: elektrik düğmelerine, prizlere ve ateşe dokunmayın. Yapabiliyorsanız gaz vanasını kapatın, kapı ve pencereleri açın, binadan çıkın ve dışarıdan 187 Doğalgaz Acil hattını arayın.',
    carbon_monoxide:
      'Karbonmonoksit alarmı: gazlı cihazları kapatın, pencereleri açın, herkesi temiz havaya çıkarın ve 112’yi arayın. Baş ağrısı veya baş dönmesi varsa tıbbi yardım alın.',
    smoke_or_fire:
      'Duman veya yangın: cihazı yalnızca güvenle ulaşabiliyorsanız prizden ya da sigortadan kapatın, kapıyı kapalı tutun, ortamı terk edin ve hemen sönmezse 112’yi arayın.',
    burning:
      'Yanık kokusu: cihazı durdurun ve prizden ya da sigortadan kapatın. Bir teknisyen kontrol edene kadar yeniden kullanmayın.',
    sparks:
      'Kıvılcım veya elektrik çarpması: cihaza dokunmayın. Önce sigortadan kapatın, sonra fişini çekin. Bir teknisyen kontrol edene kadar yeniden kullanmayın.',
    water_near_electrics:
      'Elektriğe yakın su: suyun içinde dururken fişe veya cihaza dokunmayın. Önce sigortadan devreyi kapatın, sonra fişi çekin ve su vanasını kapatın.',
  },
  reply: {
    no_match:
      'Bunu henüz bilinen bir arızayla eşleştiremedim. Hata kodunu gösteren ekranın ya da model numarasının yazdığı etiketin fotoğrafı, sorunu daraltmama yardımcı olur.',
    code_means: '{{code}} kodunun anlamı: {{title}}.',
    most_likely: 'En olası nedenler: {{causes}}.',
    cause: '{{title}} (%{{percent}})',
    try_this: 'Deneyebilecekleriniz: {{steps}}',
    technician: 'Bir teknisyen ziyareti öneriyorum: {{reason}}',
  },
  technician: {
    hazard_no_match: 'Bir güvenlik tehlikesi anlattınız: cihazı bir teknisyen kontrol etmeli.',
    hazard: 'Bir güvenlik tehlikesi anlattınız: cihaz yeniden kullanılmadan önce bir teknisyen kontrol etmeli.',
    danger: 'Bu arıza, dokunulması tehlikeli parçaları içeriyor (yüksek gerilim veya aşırı ısınma).',
    usually: '“{{title}}” genellikle bir teknisyen ve yedek parça gerektirir.',
  },
  category: {
    drain_pump: 'Tahliye pompası arızası',
    inlet_valve: 'Su giriş ventili arızası',
    heating_element: 'Rezistans arızası',
    thermostat_sensor: 'Termostat veya sensör arızası',
    control_board: 'Kontrol kartı arızası',
    door_lock_seal: 'Kapı kilidi veya conta arızası',
    motor: 'Motor arızası',
    belt: 'Kayış arızası',
    compressor: 'Kompresör veya soğutma sistemi arızası',
    fan: 'Fan arızası',
    ice_defrost: 'Buzlanma veya defrost arızası',
    water_leak_hose: 'Sızdıran hortum veya bağlantı',
    filter_blockage: 'Tıkalı filtre',
    power_supply_wiring: 'Elektrik beslemesi veya kablo arızası',
    gas_valve_igniter: 'Gaz valfi veya ateşleyici arızası',
    installation: 'Kurulum sorunu',
    user_error: 'Kullanım hatası (arıza yok)',
    other: 'Başka bir arıza',
  },
  evidence: {
    code_photo: '{{photo}}. fotoğrafta okunan {{code}} kodu',
    code_message: 'mesajınızdaki {{code}} kodu',
    brand: '{{brand}} cihazı',
    words: 'sözleriniz: {{words}}',
    confirmed_one: '{{count}} teknisyen ziyaretinde doğrulandı',
    confirmed_other: '{{count}} teknisyen ziyaretinde doğrulandı',
  },
  reading: {
    code_brand: 'Cihazınızın ({{brands}}) ekranında {{codes}} hata kodunu okuyabiliyorum.',
    code: 'Cihazın ekranında {{codes}} hata kodunu okuyabiliyorum.',
    brand_no_code: 'Bunun bir {{brands}} cihazı olduğunu görüyorum, ancak bir hata kodu okuyamadım.',
    no_code: 'Fotoğraflarda bir hata kodu okuyamadım.',
    model: 'Model numarası: {{models}}.',
    serial: 'Seri numarası: {{serials}}.',
  },
};
