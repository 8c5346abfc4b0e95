/** A product with its price and an Add button; emits `add` with the product. */
Component({
  properties: { product: { type: Object, value: {} } },
  methods: {
    add() {
      this.triggerEvent('add', { product: this.data.product });
    },
  },
});
