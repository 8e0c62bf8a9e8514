export default function ChecklistView() {
  return <p className="empty">ChecklistView</p>;
}
