export default function TimelineView() {
  return <p className="empty">TimelineView</p>;
}
