/** @type {import('tailwindcss').Config} */
export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        // A calm government-service palette: deep blue for trust, a restrained red accent for Party/state styling.
        brand: { 50: "#eef4fb", 100: "#d6e4f5", 600: "#1d5fa8", 700: "#164c88", 800: "#123e6f", 900: "#0d2d52" },
        accent: { 600: "#b4232a" },
      },
      fontFamily: {
        sans: [
          '"PingFang SC"',
          '"Hiragino Sans GB"',
          '"Microsoft YaHei"',
          '"Noto Sans CJK SC"',
          "system-ui",
          "sans-serif",
        ],
      },
    },
  },
  plugins: [],
};
