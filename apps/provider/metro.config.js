module.exports = require('@calling/app-shell/metro').metroConfig(__dirname);
