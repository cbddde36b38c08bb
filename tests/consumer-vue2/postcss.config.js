// dcloudio/uni-preset-vue (master) template/common/postcss.config.js, without its postcss-comment parser (this project's styles have no // comments).
const path = require('node:path')

module.exports = {
  plugins: [
    require('postcss-import')({
      resolve(id) {
        if (id.startsWith('~@/')) return path.resolve(process.env.UNI_INPUT_DIR, id.substr(3))
        if (id.startsWith('@/')) return path.resolve(process.env.UNI_INPUT_DIR, id.substr(2))
        if (id.startsWith('/') && !id.startsWith('//')) return path.resolve(process.env.UNI_INPUT_DIR, id.substr(1))
        return id
      },
    }),
    require('autoprefixer')({ remove: process.env.UNI_PLATFORM !== 'h5' }),
    require('@dcloudio/vue-cli-plugin-uni/packages/postcss'),
  ],
}
