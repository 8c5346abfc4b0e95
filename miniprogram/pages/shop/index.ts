/**
 * Shop. The catalog arrives with the backend (the `catalog` cloud function); until then the page
 * renders whatever products it is given, which is what its test exercises.
 */
interface ShopProduct {
  sku: string;
  name: string;
  price: { value: string; currency: string };
}

Page({
  data: { products: [] as ShopProduct[] },
});
