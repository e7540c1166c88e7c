class Settings:
    SHOP_NAME = "shop"
    API_VERSION = 2
    not_a_setting = "lower-case names are not read"
