// dcloudio/uni-preset-vue (master) template/common/babel.config.js, trimmed to what mp-weixin and H5 use.
const webpack = require('webpack')

const plugins = []
if (process.env.UNI_PLATFORM !== 'h5') {
  plugins.push('@babel/plugin-transform-runtime')
}

module.exports = {
  presets: [
    [
      '@vue/app',
      {
        modules: webpack.version[0] > 4 ? 'auto' : 'commonjs',
        useBuiltIns: process.env.UNI_PLATFORM === 'h5' ? 'usage' : 'entry',
      },
    ],
  ],
  plugins,
}
