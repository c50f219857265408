// "Chép vào ô để sửa": copies a composed draft or a default text into its
// textarea, for the secretariat to edit (pages work without it).
document.querySelectorAll(".take-draft").forEach(function (b) {
  b.addEventListener("click", function () {
    var t = document.getElementById(b.dataset.target);
    t.value = b.parentElement.querySelector("pre").textContent;
    t.focus();
  });
});
