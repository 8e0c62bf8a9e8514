export default function PostmortemView() {
  return <p className="empty">PostmortemView</p>;
}
