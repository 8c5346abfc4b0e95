/** − n + within [min, max]; emits `change` with the new value, never one outside the limits. */
Component({
  properties: {
    value: { type: Number, value: 1 },
    min: { type: Number, value: 1 },
    max: { type: Number, value: 99 },
  },
  methods: {
    decrease() {
      if (this.data.value > this.data.min) this.triggerEvent('change', { value: this.data.value - 1 });
    },
    increase() {
      if (this.data.value < this.data.max) this.triggerEvent('change', { value: this.data.value + 1 });
    },
  },
});
