export default function Presentation() {
  return <p className="empty">Presentation</p>;
}
